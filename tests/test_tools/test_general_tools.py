"""The general refiners' tools end to end on tiny generated motion capture:
training and testing configs/general, the refiner report, the detection
noise statistics and publishing a checkpoint."""
import importlib.util
import json
import re
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import REPO, run_tool

CLIPS = {'901_01': 100, '901_02': 90, '902_01': 80}  # 60 fps file frames
TRAIN, HELD_OUT = ['901_01', '901_02'], ['902_01']
GENERAL = {
    'dw': REPO / 'configs' / 'general' / 'deciwatch_general.py',
    'conv3d': REPO / 'configs' / 'general' / 'conv3d_general.py',
    'smoothnet': REPO / 'configs' / 'general' / 'smoothnet_general.py',
}
# a small DeciWatch and SmoothNet: the general configs' code paths, less
# compute
SMALL_HEAD = {
    'dw': "model = dict(head=dict(embed_dims=32, ffn_dims=64, "
          "num_encoder_layers=1, num_decoder_layers=1))\n",
    'conv3d': '',
    'smoothnet': "model = dict(head=dict(hidden_dims=32, res_hidden_dims=16))"
                 "\n",
}


def _tool_main(relative):
    """``main`` of a tool script, imported from its file."""
    path = REPO / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


@pytest.fixture(scope='module')
def workspace(tmp_path_factory):
    """Tiny CMU-layout clips and, per general refiner, a config that
    inherits it with string clip names and no parse cache."""
    from mmclimb.testing import write_tiny_cmu_mocap
    root = tmp_path_factory.mktemp('general')
    write_tiny_cmu_mocap(root / 'mocap', CLIPS)
    configs = {}
    for name, base in GENERAL.items():
        path = root / f'{name}_tiny.py'
        path.write_text(
            f'_base_ = [{str(base)!r}]\n'
            f'train_dataloader = dict(dataset=dict(clips={TRAIN!r}, '
            'exclude=[], cache_dir=None, seq_step=8))\n'
            f'val_dataloader = dict(dataset=dict(clips={HELD_OUT!r}, '
            'cache_dir=None))\n'
            f'test_dataloader = dict(dataset=dict(clips={HELD_OUT!r}, '
            'cache_dir=None))\n' + SMALL_HEAD[name])
        configs[name] = path
    return dict(root=root, mocap=root / 'mocap', configs=configs)


def _data_options(mocap):
    options = ['train_cfg.max_epochs=1', 'train_dataloader.batch_size=4']
    for split in ('train', 'val', 'test'):
        loader = f'{split}_dataloader'
        options += [
            f'{loader}.dataset.data_root={mocap}', f'{loader}.num_workers=0',
            f'{loader}.persistent_workers=False'
        ]
    return options


_TRAINED = {}


def _train(workspace, name):
    """Train one general refiner once per module; its work dir and log."""
    if name not in _TRAINED:
        work_dir = workspace['root'] / f'train_{name}'
        proc = run_tool(sys.executable, 'tools/train.py',
                        workspace['configs'][name], '--work-dir', work_dir,
                        '--cfg-options', *_data_options(workspace['mocap']))
        _TRAINED[name] = (work_dir, proc.stdout + proc.stderr)
    return _TRAINED[name]


@pytest.mark.parametrize('name', ['dw', 'conv3d', 'smoothnet'])
def test_train_general_config_a_few_iterations(workspace, name):
    work_dir, log = _train(workspace, name)
    assert (work_dir / 'epoch_1.pth').is_file()
    assert (work_dir / 'best.pth').is_file()
    # 2 clips of 99 and 89 frames, 9 x 60/24 frames per window every 8:
    # more than one batch of 4
    iters = re.findall(r'Epoch\(train\) \[1\]\[(\d+)/(\d+)\]', log)
    assert iters and int(iters[-1][1]) > 1
    val = [line for line in log.splitlines() if 'Epoch(val) [1]' in line]
    assert val and 'PCK_px@0.05:' in val[-1]
    if name in ('dw', 'smoothnet'):
        assert 'loss_accel' in log  # DeciWatch's extra loss, SmoothNet's own


def test_test_tool_on_the_trained_checkpoint(workspace):
    work_dir, _ = _train(workspace, 'dw')
    out = workspace['root'] / 'dw_metrics.json'
    run_tool(sys.executable, 'tools/test.py', workspace['configs']['dw'],
             work_dir / 'epoch_1.pth', '--work-dir',
             workspace['root'] / 'test_dw', '--out', out, '--cfg-options',
             *_data_options(workspace['mocap']))
    metrics = json.loads(out.read_text())
    assert 0 <= metrics['PCK_px@0.05'] <= 100
    assert {'PCK@0.05', 'MPJPE_px', 'accel_err'} <= set(metrics)


@pytest.fixture(scope='module')
def detections_npz(workspace):
    """Simulated detections of a tiny clip as a keypoint ``.npz`` (30 fps,
    NaN where dropped)."""
    from mmclimb.datasets import simulate_clip_detections
    from mmclimb.datasets.mocap import load_cmu_clip
    from mmclimb.datasets.synthetic.keypoint_layout import FLIP_INDICES
    clip = load_cmu_clip(str(workspace['mocap'] / 'bvh' / '901' /
                             '901_01.bvh'))
    flags = np.where(clip['approximate'], 0.5, 1.0).astype(np.float32)
    # missing frames made certain, so the report reads real-looking gaps
    sim = simulate_clip_detections(clip['keypoints'], flags,
                                   list(FLIP_INDICES), fps=30.0, seed=3,
                                   noise=dict(drop_frame_rate=0.1))
    assert np.isnan(sim['detections']).any()
    path = workspace['root'] / 'detections.npz'
    np.savez(path, keypoints=sim['detections'], fps=np.float32(30.0))
    return path


@pytest.mark.filterwarnings('ignore:.*filled by linear interpolation')
def test_general_refiner_report(workspace, detections_npz, monkeypatch):
    work_dir, _ = _train(workspace, 'dw')
    out = workspace['root'] / 'report.json'
    # the tool caches parsed clips under ./data/cache: keep it in tmp
    monkeypatch.chdir(workspace['root'])
    _tool_main('tools/analysis/general_refiner_report.py')([
        '--refiner', 'dw', str(workspace['configs']['dw']),
        str(work_dir / 'epoch_1.pth'), '--refiner', 'gauss',
        str(REPO / 'configs' / 'gaussian_filter_climb.py'), '--mocap',
        str(workspace['mocap']), '--clips', '901_01', '--fps', '30', '60',
        '--cameras', '1', '--real', str(detections_npz), '--edge-bins', '3',
        '--json', str(out)
    ])
    report = json.loads(out.read_text())
    rows = ['raw', 'dw', 'gauss']
    assert list(report['real']) == rows
    assert list(report['mocap']) == rows
    real = {name: report['real'][name][str(detections_npz)] for name in rows}
    assert real['raw']['shift_px'] == 0.0 and real['raw']['moved_pct'] == 0
    assert real['dw']['shift_px'] > 0
    # a Gaussian filter smooths: less jitter than its input
    assert real['gauss']['jitter'] < real['raw']['jitter']
    # the jitter by distance from the runs' ends pools to the whole
    for name in rows:
        bins = real[name]['by_edge']
        assert list(bins) == ['0-3', '3+']
        total = sum(b['jitter'] * b['count'] for b in bins.values()
                    if b['count'])
        assert total / sum(b['count'] for b in bins.values()) == \
            pytest.approx(real[name]['jitter'], rel=1e-6)
    for name in rows:
        assert set(report['mocap'][name]) == {'30.0', '60.0'}
        for scores in report['mocap'][name].values():
            for key in ('PCK@0.05', 'PCK@0.1', 'PCK@0.2'):
                assert 0 <= scores[key] <= 100
            assert scores['error_px'] >= 0
            assert scores['PCK@0.05'] <= scores['PCK@0.1'] <= \
                scores['PCK@0.2']


def test_general_refiner_report_noise_overrides(workspace, monkeypatch,
                                               capsys):
    monkeypatch.chdir(workspace['root'])
    out = workspace['root'] / 'easy.json'
    common = [
        '--refiner', 'gauss',
        str(REPO / 'configs' / 'gaussian_filter_climb.py'), '--mocap',
        str(workspace['mocap']), '--clips', '901_01', '--cameras', '1'
    ]
    report = _tool_main('tools/analysis/general_refiner_report.py')
    # a perfect detector: the raw input is the ground truth
    report(common + [
        '--noise', 'jitter=0', 'outlier_rate=0', 'swap_rate=0',
        'group_swap_rate={}', 'drop_frame_rate=0', 'erratic_rate=0', '--json',
        str(out)
    ])
    raw = json.loads(out.read_text())['mocap']['raw']['30.0']
    assert raw['PCK@0.05'] == 100.0 and raw['error_px'] < 1e-3
    with pytest.raises(SystemExit):
        report(common + ['--noise', 'outlier_rate'])
    assert '--noise takes KEY=VALUE' in capsys.readouterr().err


@pytest.mark.filterwarnings('ignore:All-NaN slice')
def test_detection_noise_stats_compares_scores(workspace, monkeypatch,
                                               capsys):
    """--scores: real scores (a third channel) against simulated ones."""
    from mmclimb.datasets import simulate_clip_detections
    from mmclimb.datasets.mocap import load_cmu_clip
    from mmclimb.datasets.synthetic.keypoint_layout import FLIP_INDICES
    clip = load_cmu_clip(str(workspace['mocap'] / 'bvh' / '901' /
                             '901_01.bvh'))
    sim = simulate_clip_detections(clip['keypoints'], np.ones(25),
                                   list(FLIP_INDICES), fps=30.0, seed=5,
                                   scores={})
    scored = np.concatenate([sim['detections'], sim['scores'][..., None]],
                            -1)
    path = workspace['root'] / 'scored.npz'
    np.savez(path, keypoints=scored, fps=np.float32(30.0))
    out = workspace['root'] / 'scores.json'
    monkeypatch.chdir(workspace['root'])
    _tool_main('tools/analysis/detection_noise_stats.py')([
        str(path), '--mocap', str(workspace['mocap']), '--clips', '1',
        '--scores', 'noise_std=0.5', '--json', str(out)])
    assert '| score bin |' in capsys.readouterr().out
    stats = json.loads(out.read_text())
    for entry in stats.values():
        bins = entry['scores']['bins']
        assert bins and abs(sum(b['share'] for b in bins) - 1) < 1e-6
        assert len(entry['scores']['group_median']) == 3
    # without a score channel --scores says what is missing
    plain = workspace['root'] / 'plain.npz'
    np.savez(plain, keypoints=sim['detections'], fps=np.float32(30.0))
    with pytest.raises(SystemExit, match='third'):
        _tool_main('tools/analysis/detection_noise_stats.py')([
            str(plain), '--mocap', str(workspace['mocap']), '--clips', '1',
            '--scores'])


def test_detection_noise_stats(workspace, detections_npz, monkeypatch):
    out = workspace['root'] / 'noise.json'
    plot = workspace['root'] / 'noise.png'
    monkeypatch.chdir(workspace['root'])
    _tool_main('tools/analysis/detection_noise_stats.py')([
        str(detections_npz), '--mocap', str(workspace['mocap']), '--clips',
        '2', '--json', str(out), '--plot', str(plot)
    ])
    stats = json.loads(out.read_text())
    assert len(stats) == 2
    real = [v for k, v in stats.items() if k.startswith('real')]
    simulated = [v for k, v in stats.items() if k.startswith('simulated')]
    assert len(real) == 1 and len(simulated) == 1
    for entry in real + simulated:
        scale = np.asarray(entry['residual_scale'])
        assert scale.shape == (25, )
        assert np.isfinite(scale).all() and (scale > 0).all()
    assert real[0]['num_frames'] == 50  # 99 frames at 60 fps -> 30 fps
    assert plot.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


_LOAD_PLAIN = '''
import sys, torch
checkpoint = torch.load(sys.argv[1], map_location='cpu', weights_only=True)
assert 'mmclimb' not in sys.modules and 'mmengine' not in sys.modules
print(sorted(checkpoint))
print(sorted(checkpoint['meta']))
print(checkpoint['meta']['note'])
'''


def test_publish_checkpoint(workspace):
    from mmclimb.apis import init_refiner, refine_sequence
    work_dir, _ = _train(workspace, 'dw')
    source = work_dir / 'epoch_1.pth'
    published = workspace['root'] / 'shipped' / 'dw.pth'
    _tool_main('tools/model_converters/publish_checkpoint.py')(
        [str(source), str(published), '--note', 'x'])
    proc = subprocess.run([sys.executable, '-c', _LOAD_PLAIN,
                           str(published)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    keys, meta_keys, note = proc.stdout.splitlines()
    assert keys == "['meta', 'state_dict']"
    assert 'epoch' in meta_keys and 'cfg' in meta_keys
    assert note == 'x'
    assert published.stat().st_size < source.stat().st_size
    # the same refiner either way
    rng = np.random.default_rng(0)
    keypoints = (rng.uniform(300, 600, (25, 2)) +
                 np.cumsum(rng.normal(0, 2, (30, 25, 2)), axis=0)).astype(
                     np.float32)
    outputs = []
    for checkpoint in (source, published):
        refiner = init_refiner(str(workspace['configs']['dw']),
                               str(checkpoint))
        outputs.append(refine_sequence(refiner, keypoints)[0])
    np.testing.assert_array_equal(outputs[0], outputs[1])
    # and not the untrained one
    untrained = refine_sequence(
        init_refiner(str(workspace['configs']['dw'])), keypoints)[0]
    assert not np.allclose(untrained, outputs[0])
    state = torch.load(published, map_location='cpu', weights_only=True)
    assert all(v.dtype == torch.float32 for v in state['state_dict'].values()
               if v.is_floating_point())


@pytest.mark.filterwarnings('ignore:.*filled by linear interpolation')
@pytest.mark.filterwarnings('ignore:.*heatmap channels have no positive')
@pytest.mark.filterwarnings('ignore:.*flat heatmap channels')
def test_general_refiner_report_streams_at_each_lag(tiny_climb_root,
                                                    tmp_path):
    out = tmp_path / 'lags.json'
    _tool_main('tools/analysis/general_refiner_report.py')([
        '--refiner', 'gauss',
        str(REPO / 'configs' / 'gaussian_filter_climb.py'), '--refiner',
        'euro', str(REPO / 'configs' / 'one_euro_climb.py'), '--climbalong',
        str(tiny_climb_root), '--split', 'test', '--lag', '0', '4', 'full',
        '--json', str(out)
    ])
    rows = json.loads(out.read_text())['climbalong']
    # lags above a refiner's largest are cut to it (One-Euro: 0)
    assert list(rows) == ['raw', 'gauss', 'gauss, lag 0', 'gauss, lag 4',
                          'gauss, lag 8', 'euro', 'euro, lag 0']
    # at its full window the stream scores as the offline filter
    for key in ('PCK@0.05', 'PCK@0.1', 'PCK@0.2', 'error_px'):
        assert rows['gauss, lag 8'][key] == pytest.approx(rows['gauss'][key],
                                                          rel=1e-5)
    # a causal (one-sided) kernel averages fewer frames: less smooth
    assert rows['gauss, lag 0']['accel_err'] > rows['gauss']['accel_err']
