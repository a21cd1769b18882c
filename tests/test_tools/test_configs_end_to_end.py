"""Every refiner config trains one epoch and tests through the tools."""
import json
from pathlib import Path

import pytest
from mmengine.config import Config

from conftest import climb_data_options, run_tool

CONFIGS = ('biconvlstm_s_climb', 'biconvlstm_c_climb', 'deciwatch_climb',
           'smoothnet_climb', 'smoothnet_mmhuman3d_climb')


def check_test_tool(config, checkpoint, root, tmp_path, python, few=()):
    out = tmp_path / 'metrics.json'
    run_tool(python, 'tools/test.py', f'configs/{config}.py', checkpoint,
             '--work-dir', tmp_path / 'test', '--out', out, '--cfg-options',
             *climb_data_options(root), *few)
    metrics = json.loads(out.read_text())
    for key in ('PCK@0.05', 'PCK@0.1', 'PCK@0.2', 'MPJPE_px', 'accel_err'):
        assert key in metrics
    assert 0 <= metrics['PCK@0.05'] <= metrics['PCK@0.1'] <= \
        metrics['PCK@0.2'] <= 100
    return metrics


def best_checkpoint(work_dir):
    best = list(work_dir.glob('best_PCK@0.05_epoch_*.pth'))
    assert len(best) == 1
    return best[0]


def test_conv3d_one_epoch_train_then_test(climb_trained, tiny_climb_root,
                                          tmp_path, python):
    check_test_tool('conv3d_climb', best_checkpoint(climb_trained),
                    tiny_climb_root, tmp_path, python)


#: The bi-ConvLSTMs at their shipped size take 2-3 s per batch of 16 on
#: the CPU: they train, validate and test on the first 4 windows of each
#: split (two batches of 2), the others on all of them.
FEW_WINDOWS = [
    option for split in ('train', 'val', 'test')
    for option in (f'{split}_dataloader.dataset.indices=4',
                   f'{split}_dataloader.batch_size=2')
]


@pytest.mark.parametrize('config', CONFIGS)
def test_one_epoch_train_then_test(config, tiny_climb_root, tmp_path,
                                   python):
    work_dir = tmp_path / 'work'
    few = FEW_WINDOWS if config.startswith('biconvlstm') else []
    run_tool(python, 'tools/train.py', f'configs/{config}.py', '--work-dir',
             work_dir, '--cfg-options', 'train_cfg.max_epochs=1',
             *climb_data_options(tiny_climb_root), *few)
    check_test_tool(config, best_checkpoint(work_dir), tiny_climb_root,
                    tmp_path, python, few)


def test_identity_config_tests_without_checkpoint(tiny_climb_root, tmp_path,
                                                  python):
    out = tmp_path / 'identity.json'
    proc = run_tool(python, 'tools/test.py', 'configs/identity_climb.py',
                    '--work-dir', tmp_path, '--out', out, '--cfg-options',
                    *climb_data_options(tiny_climb_root, splits=('test', )))
    assert 'no checkpoint given' in proc.stdout
    assert 'PCK@0.05' in json.loads(out.read_text())


@pytest.mark.parametrize(
    'config', sorted(str(p) for p in Path('configs').rglob('*.py')
                     if '_base_' not in p.parts))
def test_config_dump_stays_small(config):
    """mmengine formats the whole config into every checkpoint it saves;
    with the keypoint meta-info inlined that took 2.2 s a save."""
    assert len(Config.fromfile(config).pretty_text) < 20_000
