import numpy as np
import pytest

from mmclimb.datasets.transforms import SimulateDetectorNoise
from mmclimb.structures import heatmap_argmax, image_to_heatmap


def clean_window(num_frames=6, num_keypoints=25, seed=0):
    rng = np.random.default_rng(seed)
    keypoints = rng.uniform([300, 500], [700, 1400],
                            (num_frames, num_keypoints, 2)).astype(np.float32)
    visible = np.ones((num_frames, num_keypoints), np.float32)
    visible[:, 24] = 0  # a point the source lacks
    return dict(keypoints=keypoints, keypoints_visible=visible)


def test_pose_box_is_tight_box_expanded_by_ten_percent():
    results = SimulateDetectorNoise()(clean_window())
    keypoints = results['keypoints'][:, :24]
    low, high = keypoints.min(axis=1), keypoints.max(axis=1)
    box = results['bboxes']
    np.testing.assert_allclose(box[:, 2:] - box[:, :2], (high - low) * 1.1,
                               rtol=1e-5)
    np.testing.assert_allclose((box[:, 2:] + box[:, :2]) / 2,
                               (high + low) / 2, rtol=1e-5)


def test_peaks_sit_at_the_noisy_positions_and_missing_points_are_empty():
    np.random.seed(0)
    results = SimulateDetectorNoise()(clean_window())
    heatmaps = results['heatmaps']
    assert heatmaps.shape == (6, 25, 56, 56)
    positions, values = heatmap_argmax(heatmaps[:, :24])
    np.testing.assert_array_equal(positions, results['input_keypoints'][:, :24])
    np.testing.assert_allclose(values, 1.0)
    assert (heatmaps[:, 24] == 0).all()


def test_shift_statistics_follow_std_and_scalar():
    np.random.seed(1)
    window = clean_window(num_frames=400)
    for scalar in (1.0, 2.0):
        results = SimulateDetectorNoise(shift_scalars=(scalar, ))(
            dict(window))
        clean = image_to_heatmap(results['keypoints'], results['bboxes'],
                                 (56, 56))
        inner = (clean > 12) & (clean < 43)  # away from clipping
        error = (results['input_keypoints'] - clean)[inner]
        # rounding adds variance 1/12 to the Gaussian shift
        expected = np.sqrt((2.95 * scalar)**2 + 1 / 12)
        assert error.std() == pytest.approx(expected, rel=0.08)


def test_blur_sigma_is_drawn_from_the_set():
    np.random.seed(2)
    results = SimulateDetectorNoise(blur_sigmas=(2.0, ))(clean_window())
    positions = results['input_keypoints'][:, :24].astype(int)
    t, k = np.nonzero(positions[..., 0] < 55)
    assert len(t) > 0
    u, v = positions[t, k, 0], positions[t, k, 1]
    right_neighbour = results['heatmaps'][t, k, v, u + 1]
    np.testing.assert_allclose(right_neighbour, np.exp(-1 / 8), rtol=1e-6)
