"""simulate_clip_detections on a tiny generated motion-capture clip."""
import numpy as np
import pytest

from mmclimb.datasets import simulate_clip_detections
from mmclimb.datasets.mocap import load_cmu_clip
from mmclimb.datasets.synthetic.keypoint_layout import FLIP_INDICES
from mmclimb.datasets.transforms.random_virtual_camera import DEFAULT_FRAMES
from mmclimb.testing import write_tiny_cmu_mocap

QUIET = dict(jitter=0.0, outlier_rate=0.0, swap_rate=0.0,
             group_swap_rate={},
             drop_frame_rate=0.0, drop_point_rate=0.0, erratic_rate=0.0)


@pytest.fixture(scope='module')
def clip(tmp_path_factory):
    root = tmp_path_factory.mktemp('mocap')
    path = write_tiny_cmu_mocap(root, {'901_01': 80}, seed=1)[0]
    clip = load_cmu_clip(path)
    flags = np.where(clip['approximate'], 0.5, 1.0).astype(np.float32)
    return clip['keypoints'], flags


def _simulate(clip, fps=30.0, seed=0, **kwargs):
    keypoints, flags = clip
    return simulate_clip_detections(keypoints, flags, list(FLIP_INDICES),
                                    fps=fps, seed=seed, **kwargs)


@pytest.mark.parametrize('fps', [60.0, 30.0, 25.0, 24.0, 12.5])
def test_shapes_and_length(clip, fps):
    num_frames = len(clip[0])
    assert num_frames == 79
    out = _simulate(clip, fps=fps)
    length = int(np.floor((num_frames - 1) * fps / 60)) + 1
    assert out['fps'] == fps
    for key in ('gt', 'detections'):
        assert out[key].shape == (length, 25, 2)
        assert out[key].dtype == np.float32
    assert out['visible'].shape == (length, 25)
    assert out['visible'].dtype == np.float32
    assert tuple(int(v) for v in out['image_wh']) in DEFAULT_FRAMES
    assert np.isfinite(out['gt']).all()
    # the dataset's flags (a camera a few metres away sees everyone)
    np.testing.assert_array_equal(out['visible'],
                                  np.broadcast_to(clip[1], (length, 25)))


def test_nan_only_where_dropped(clip):
    out = _simulate(clip, seed=2, noise=dict(drop_point_rate=0.1,
                                             drop_frame_rate=0.05))
    detections = out['detections']
    missing = np.isnan(detections)
    # whole points go missing, both coordinates
    np.testing.assert_array_equal(missing[..., 0], missing[..., 1])
    assert 0.05 < missing[..., 0].mean() < 0.4
    assert np.isfinite(detections[~missing[..., 0]]).all()
    # the kept points are noisy detections near the ground truth
    kept = ~missing[..., 0]
    gt = out['gt']
    height = np.median(gt[..., 1].max(axis=1) - gt[..., 1].min(axis=1))
    error = np.linalg.norm(detections[kept] - gt[kept], axis=-1)
    assert np.median(error) < 0.05 * height
    # nothing dropped: no NaN at all
    none = _simulate(clip, seed=2, noise=dict(drop_point_rate=0.0,
                                              drop_frame_rate=0.0))
    assert np.isfinite(none['detections']).all()
    # no noise at all: the detections are the ground truth
    quiet = _simulate(clip, seed=2, noise=QUIET)
    np.testing.assert_array_equal(quiet['detections'], quiet['gt'])


def test_deterministic_by_seed(clip):
    first = _simulate(clip, seed=5, noise=dict(drop_point_rate=0.05))
    again = _simulate(clip, seed=5, noise=dict(drop_point_rate=0.05))
    for key in ('gt', 'visible', 'detections', 'image_wh'):
        np.testing.assert_array_equal(first[key], again[key])
    other = _simulate(clip, seed=6, noise=dict(drop_point_rate=0.05))
    assert not np.allclose(first['gt'], other['gt'])


def test_camera_follows_the_walking_person(clip):
    """One camera for the clip that follows the hips: they stay near the
    frame centre although the person walks about 0.3 m/s."""
    out = _simulate(clip, fps=60.0, seed=3,
                    camera=dict(offset=0.0, pan_speed=0.0))
    hips = out['gt'][:, [15, 16]].mean(axis=1) / out['image_wh']
    np.testing.assert_allclose(hips, 0.5, atol=0.1)
