"""CMUMocapDataset on tiny generated BVH clips: windows, the glitch mask,
flags, clip selection, errors, and the general training config's
pipelines."""
import importlib
import math

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS

from mmclimb.datasets import CMUMocapDataset
from mmclimb.datasets.mocap import (APPROXIMATE_KEYPOINTS,
                                    climbalong_keypoints, read_bvh)
from mmclimb.testing import write_tiny_cmu_mocap

CLIPS = {'901_01': 80, '901_02': 60, '902_01': 70}
GLITCH = '902_01'
# write_tiny_cmu_mocap's default glitch: file frames 30-33, i.e. keypoint
# frames 29-32 (frame 0 dropped); glitch_mask's pad of 12 makes frames
# 29 - 1 - 12 = 16 to 32 + 1 + 12 = 45 unsafe.
UNSAFE = (16, 46)
GENERAL = 'configs/_base_/datasets/cmu_mocap_general.py'
GENERAL_HEATMAPS = 'configs/_base_/datasets/cmu_mocap_general_heatmaps.py'

_module = importlib.import_module('mmclimb.datasets.cmu_mocap_dataset')


@pytest.fixture(scope='module')
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp('cmu_mocap')
    write_tiny_cmu_mocap(root, CLIPS, seed=0, glitch=GLITCH)
    return root


@pytest.fixture
def logs(monkeypatch):
    messages = []
    monkeypatch.setattr(_module, 'print_log',
                        lambda msg, *a, **k: messages.append(msg))
    return messages


def _dataset(root, tmp_path, **kwargs):
    return CMUMocapDataset(data_root=str(root),
                           cache_dir=str(tmp_path / 'cache'),
                           **kwargs)


def _source_len(seq_len, min_fps):
    return math.ceil((seq_len - 1) * 60 / min_fps) + 1


@pytest.mark.parametrize('seq_len,min_fps,seq_step', [(5, 30.0, 4),
                                                      (9, 24.0, 8),
                                                      (3, 60.0, 1)])
def test_window_count(root, tmp_path, logs, seq_len, min_fps, seq_step):
    clean = ['901_01', '901_02']
    dataset = _dataset(root, tmp_path, clips=clean, seq_len=seq_len,
                       min_fps=min_fps, seq_step=seq_step)
    size = _source_len(seq_len, min_fps)
    assert dataset.source_len == size
    counts = {n: (CLIPS[n] - 1 - size) // seq_step + 1 for n in clean}
    assert len(dataset) == sum(counts.values())
    assert [len(dataset.clips[n]['keypoints']) for n in clean] == [
        CLIPS[n] - 1 for n in clean
    ]
    videos = [dataset.get_data_info(i)['video'] for i in range(len(dataset))]
    assert videos == sum(([n] * counts[n] for n in clean), [])
    info = dataset.get_data_info(counts['901_01'] - 1)
    start = (counts['901_01'] - 1) * seq_step
    np.testing.assert_array_equal(info['frame_ids'],
                                  start + np.arange(size))
    assert info['valid'].all() and info['window'] == counts['901_01'] - 1
    assert len(logs) == 1 and '(0 touching' in logs[0]


def test_frame_zero_dropped_and_sample_fields(root, tmp_path):
    dataset = _dataset(root, tmp_path, clips=['901_01'], seq_len=5,
                       min_fps=30.0, seq_step=4)
    keypoints, _ = climbalong_keypoints(read_bvh(root / 'bvh' / '901' /
                                                 '901_01.bvh'))
    info = dataset.get_data_info(1)
    assert info['keypoints_3d'].shape == (9, 25, 3)
    assert info['keypoints_3d'].dtype == np.float64
    # window 1 starts at keypoint frame 4, file frame 5
    np.testing.assert_allclose(info['keypoints_3d'], keypoints[5:14])
    assert info['fps'] == 60.0 and info['seq_len'] == 5
    assert info['heatmap_size'] == (56, 56)
    assert len(info['flip_indices']) == 25
    assert info['flip_indices'][3] == 4 and info['flip_indices'][0] == 0
    assert info['sample_idx'] == 1


def test_glitch_windows_left_out_and_logged(root, tmp_path, logs):
    dataset = _dataset(root, tmp_path, clips=[GLITCH], seq_len=5,
                       min_fps=30.0, seq_step=4)
    unsafe = dataset.clips[GLITCH]['unsafe']
    want = np.zeros(CLIPS[GLITCH] - 1, dtype=bool)
    want[slice(*UNSAFE)] = True
    np.testing.assert_array_equal(unsafe, want)
    total = (CLIPS[GLITCH] - 1 - 9) // 4 + 1
    safe = [w for w in range(total)
            if 4 * w + 9 <= UNSAFE[0] or 4 * w >= UNSAFE[1]]
    assert [dataset.get_data_info(i)['window']
            for i in range(len(dataset))] == safe
    left_out = total - len(safe)
    assert left_out == 10
    assert len(logs) == 1
    assert f'{len(safe)} windows of 9 source frames' in logs[0]
    assert f'({left_out} touching retargeting glitches left out)' in logs[0]
    for i in range(len(dataset)):
        frames = dataset.get_data_info(i)['frame_ids']
        assert not unsafe[frames].any()


@pytest.mark.parametrize('weight', [0.5, 0.25, 0.0])
def test_approximate_keypoints_weight(root, tmp_path, weight):
    dataset = _dataset(root, tmp_path, clips=['901_02'], seq_len=5,
                       min_fps=30.0, approximate_weight=weight)
    visible = dataset.get_data_info(0)['keypoints_visible']
    assert visible.shape == (9, 25) and visible.dtype == np.float32
    approx = list(APPROXIMATE_KEYPOINTS)
    assert approx == [0, 1, 2, 21, 22]
    np.testing.assert_array_equal(visible[:, approx], weight)
    exact = np.setdiff1d(np.arange(25), approx)
    np.testing.assert_array_equal(visible[:, exact], 1.0)


def test_clip_selection(root, tmp_path):
    kwargs = dict(seq_len=5, min_fps=30.0, seq_step=4)
    everything = _dataset(root, tmp_path, **kwargs)
    assert list(everything.clips) == sorted(CLIPS)
    some = _dataset(root, tmp_path, exclude=['901_02'], **kwargs)
    assert list(some.clips) == ['901_01', '902_01']
    # clips keep their given order; exclude wins over clips
    chosen = _dataset(root, tmp_path, clips=['902_01', '901_02', '901_01'],
                      exclude=['901_01'], **kwargs)
    assert list(chosen.clips) == ['902_01', '901_02']
    videos = {chosen.get_data_info(i)['video'] for i in range(len(chosen))}
    assert videos == {'902_01', '901_02'}
    with pytest.raises(ValueError, match='no window'):
        _dataset(root, tmp_path, clips=['901_01'], exclude=['901_01'],
                 **kwargs)


def test_errors(root, tmp_path):
    with pytest.raises(FileNotFoundError, match='no bvh/ folder'):
        _dataset(tmp_path / 'nowhere', tmp_path)
    with pytest.raises(FileNotFoundError, match=r"\['901_99'\] not found"):
        _dataset(root, tmp_path, clips=['901_01', '901_99'])
    for key in ('clips', 'exclude'):
        with pytest.raises(TypeError, match='must be strings.*006_09'):
            _dataset(root, tmp_path, **{key: [609]})
    with pytest.raises(ValueError, match='min_fps'):
        _dataset(root, tmp_path, min_fps=0)
    # every clip is shorter than a window at 5 fps
    with pytest.raises(ValueError, match='no window of 97 safe source'):
        _dataset(root, tmp_path, seq_len=9, min_fps=5.0)


def test_cache_written(root, tmp_path):
    _dataset(root, tmp_path, clips=['901_01'])
    files = list((tmp_path / 'cache').iterdir())
    assert len(files) == 1 and files[0].name.startswith('901_01-')
    again = _dataset(root, tmp_path, clips=['901_01'])
    assert len(list((tmp_path / 'cache').iterdir())) == 1
    assert again.clips['901_01']['keypoints'].shape == (79, 25, 3)


def _build(config, split, root, tmp_path, **overrides):
    init_default_scope('mmpose')
    cfg = Config.fromfile(config)
    dataset = cfg[f'{split}_dataloader'].dataset
    dataset.update(data_root=str(root), cache_dir=str(tmp_path / 'cache'),
                   **overrides)
    return DATASETS.build(dataset)


def _check_sample(sample, seq_len):
    inputs = sample['inputs']
    assert isinstance(inputs, torch.Tensor)
    assert inputs.shape == (seq_len, 50) and inputs.dtype == torch.float32
    assert torch.isfinite(inputs).all()
    # normalised box coordinates: the person fills most of the box
    assert -0.5 < inputs.min() and inputs.max() < 1.5
    gt = sample['data_samples'].gt_instances
    assert gt.keypoints.shape == (seq_len, 25, 2)
    assert gt.heatmap_keypoints.shape == (seq_len, 25, 2)
    assert gt.input_keypoints.shape == (seq_len, 25, 2)
    assert gt.keypoints_visible.shape == (seq_len, 25)
    assert gt.bboxes.shape == (seq_len, 4)
    assert (gt.bboxes == gt.bboxes[0]).all()


def test_general_config_val_pipeline_is_deterministic(root, tmp_path):
    dataset = _build(GENERAL, 'val', root, tmp_path, clips=['901_01'])
    seq_len = Config.fromfile(GENERAL).seq_len
    span = _source_len(seq_len, 24.0)
    assert dataset.seq_len == seq_len and dataset.source_len == span
    assert len(dataset) == (79 - span) // dataset.seq_step + 1
    first, again = dataset[0], dataset[0]
    _check_sample(first, seq_len)
    assert torch.equal(first['inputs'], again['inputs'])
    assert torch.equal(first['data_samples'].gt_instances.keypoints,
                       again['data_samples'].gt_instances.keypoints)
    # another window draws another camera and other noise
    other = dataset[1]
    _check_sample(other, seq_len)
    assert not torch.allclose(first['inputs'], other['inputs'])


def test_general_config_train_pipeline_is_random(root, tmp_path):
    np.random.seed(0)
    dataset = _build(GENERAL, 'train', root, tmp_path)
    assert list(dataset.clips) == sorted(CLIPS)
    first, again = dataset[0], dataset[0]
    _check_sample(first, dataset.seq_len)
    _check_sample(again, dataset.seq_len)
    assert not torch.allclose(first['inputs'], again['inputs'])
    assert not torch.allclose(first['data_samples'].gt_instances.keypoints,
                              again['data_samples'].gt_instances.keypoints)


@pytest.mark.parametrize('config', [GENERAL, GENERAL_HEATMAPS])
def test_general_train_pipeline_draws_from_the_window_seed(config, root,
                                                           tmp_path):
    """With WindowSeedSampler's indices a training window's camera, frame
    rate and noise depend on (epoch seed, window) only, not on NumPy's
    global state (another process or loader worker)."""
    from mmclimb.datasets import SeededIndex
    dataset = _build(config, 'train', root, tmp_path, seq_len=5)
    np.random.seed(0)
    first = dataset[SeededIndex(1, 17)]
    np.random.seed(1)
    again = dataset[SeededIndex(1, 17)]
    assert torch.equal(first['inputs'], again['inputs'])
    gt, gt_again = (s['data_samples'].gt_instances for s in (first, again))
    assert torch.equal(gt.keypoints, gt_again.keypoints)
    # another epoch's seed: another camera and other noise
    other = dataset[SeededIndex(1, 18)]
    assert not torch.allclose(first['inputs'], other['inputs'])


def test_general_heatmap_config_val_pipeline(root, tmp_path):
    dataset = _build(GENERAL_HEATMAPS, 'val', root, tmp_path,
                     clips=['901_02'], seq_len=5)
    sample = dataset[0]
    inputs = sample['inputs']
    assert inputs.shape == (5, 25, 56, 56)
    assert torch.isfinite(inputs).all()
    # one Gaussian of peak 1 per detection at its sub-pixel position: the
    # largest grid value is at least exp(-0.25) for a point inside the box
    peaks = inputs.flatten(-2).max(dim=-1).values
    assert (peaks <= 1 + 1e-6).all()
    assert (peaks > np.exp(-0.25) - 1e-4).float().mean() > 0.8
    gt = sample['data_samples'].gt_instances
    assert gt.heatmaps.shape == (5, 25, 56, 56)
    assert gt.keypoint_weights.shape == (5, 25)
    assert torch.equal(inputs, dataset[0]['inputs'])
