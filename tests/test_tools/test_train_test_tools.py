"""tools/train.py, tools/test.py and tools/dist_train.sh end to end on CPU."""
import json
import pickle

import pytest
import torch

from conftest import TOY_CONFIG, run_tool


def load_checkpoint(path):
    import mmclimb  # noqa: F401  (allow-lists mmengine's classes)
    return torch.load(path, map_location='cpu', weights_only=True)


def test_train_writes_checkpoints_loadable_weights_only(trained):
    assert (trained / 'epoch_1.pth').is_file()
    checkpoint = load_checkpoint(trained / 'epoch_2.pth')
    assert checkpoint['meta']['epoch'] == 2
    assert set(checkpoint['state_dict']) == {'conv.weight', 'conv.bias'}
    assert (trained / 'last_checkpoint').read_text().strip().endswith(
        'epoch_2.pth')


def test_resume_continues_from_latest_checkpoint(trained, tmp_path, python):
    import shutil
    work_dir = tmp_path / 'resume'
    shutil.copytree(trained, work_dir)
    (work_dir / 'last_checkpoint').write_text(str(work_dir / 'epoch_2.pth'))
    proc = run_tool(python, 'tools/train.py', TOY_CONFIG, '--work-dir',
                    work_dir, '--resume', '--cfg-options',
                    'train_cfg.max_epochs=3')
    assert 'resumed epoch: 2' in proc.stdout + proc.stderr
    checkpoint = load_checkpoint(work_dir / 'epoch_3.pth')
    assert checkpoint['meta']['epoch'] == 3
    assert not (work_dir / 'epoch_4.pth').exists()


def test_resume_from_explicit_path(trained, tmp_path, python):
    proc = run_tool(python, 'tools/train.py', TOY_CONFIG, '--work-dir',
                    tmp_path, '--resume', trained / 'epoch_1.pth')
    assert 'resumed epoch: 1' in proc.stdout + proc.stderr
    assert (tmp_path / 'epoch_2.pth').is_file()
    assert not (tmp_path / 'epoch_1.pth').exists()


def test_test_tool_reports_metric_and_writes_out_and_dump(
        trained, tmp_path, python):
    out, dump = tmp_path / 'metrics.json', tmp_path / 'preds.pkl'
    proc = run_tool(python, 'tools/test.py', TOY_CONFIG,
                    trained / 'epoch_2.pth', '--work-dir', tmp_path / 'wd',
                    '--out', out, '--dump', dump)
    metrics = json.loads(out.read_text())
    assert set(metrics) == {'toy/mse', 'toy/mse_raw'}
    assert 'toy/mse' in proc.stdout + proc.stderr
    # the trained refiner smooths: better than its noisy input
    assert metrics['toy/mse'] < metrics['toy/mse_raw']
    with open(dump, 'rb') as f:
        predictions = pickle.load(f)
    assert len(predictions) == 16  # one per validation window
    assert predictions[0]['pred'].shape == (8, 2)


def test_test_tool_bf16_precision_is_close_to_fp32(trained, tmp_path,
                                                    python):
    metrics = {}
    for precision in ('fp32', 'bf16'):
        out = tmp_path / f'{precision}.json'
        run_tool(python, 'tools/test.py', TOY_CONFIG, trained / 'epoch_2.pth',
                 '--work-dir', tmp_path / precision, '--out', out,
                 '--precision', precision)
        metrics[precision] = json.loads(out.read_text())
    # mmengine's test loop ran under bf16 autocast: rounded, close
    assert metrics['bf16'] != metrics['fp32']
    assert metrics['bf16'] == pytest.approx(metrics['fp32'], rel=0.05)


def test_test_tool_rejects_bad_dump_name(trained, tmp_path, python):
    with pytest.raises(pytest.fail.Exception, match='--dump must name'):
        run_tool(python, 'tools/test.py', TOY_CONFIG, trained / 'epoch_2.pth',
                 '--work-dir', tmp_path, '--dump', tmp_path / 'x.json')


@pytest.mark.skipif(torch.cuda.is_available(), reason='CPU-only behaviour')
def test_amp_trains_on_cpu_with_bf16_autocast(tmp_path, python):
    proc = run_tool(python, 'tools/train.py', TOY_CONFIG, '--work-dir',
                    tmp_path, '--amp', '--cfg-options',
                    'train_cfg.max_epochs=1')
    assert "type='CPUAmpOptimWrapper'" in proc.stdout + proc.stderr
    checkpoint = load_checkpoint(tmp_path / 'epoch_1.pth')
    assert checkpoint['state_dict']['conv.weight'].dtype == torch.float32
    assert torch.isfinite(checkpoint['state_dict']['conv.weight']).all()
