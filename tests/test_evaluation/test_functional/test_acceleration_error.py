"""Acceleration error on hand-made sequences."""
import numpy as np
import pytest

from mmclimb.evaluation.functional import (acceleration_error,
                                           acceleration_error_map)


def static_sequences(num_windows=1, num_frames=5, num_keypoints=2):
    """Static ground truth (N, T, K, 2) with all frames usable."""
    gt = np.arange(num_windows * num_keypoints * 2, dtype=float).reshape(
        num_windows, 1, num_keypoints, 2).repeat(num_frames, axis=1)
    visible = np.ones((num_windows, num_frames, num_keypoints))
    valid = np.ones((num_windows, num_frames), dtype=bool)
    return gt, visible, valid


def test_constant_velocity_drift_scores_zero():
    gt, visible, valid = static_sequences(num_windows=2)
    rng = np.random.default_rng(0)
    gt = gt + rng.normal(size=gt.shape)  # arbitrary ground-truth motion
    time = np.arange(5, dtype=float)[None, :, None, None]
    pred = gt + 1.5 + 0.75 * time  # offset plus constant velocity
    assert acceleration_error(pred, gt, visible, valid) == pytest.approx(
        0.0, abs=1e-12)


def test_bump_gives_known_error():
    gt, visible, valid = static_sequences()
    pred = gt.copy()
    pred[0, 2, 0, 0] += 3.0
    # keypoint 0: second differences 3, -6, 3 at t = 1, 2, 3; keypoint 1: 0
    errors, mask = acceleration_error_map(pred, gt, visible, valid)
    assert errors.shape == mask.shape == (1, 3, 2)
    np.testing.assert_allclose(errors[0, :, 0], [3.0, 6.0, 3.0])
    np.testing.assert_allclose(errors[0, :, 1], 0.0)
    assert acceleration_error(pred, gt, visible, valid) == pytest.approx(2.0)


def test_error_is_euclidean():
    gt, visible, valid = static_sequences(num_frames=3, num_keypoints=1)
    pred = gt.copy()
    pred[0, 1, 0] += (1.5, 2.0)  # acceleration (-3, -4)
    assert acceleration_error(pred, gt, visible, valid) == pytest.approx(5.0)


def test_invalid_frames_and_unannotated_points_are_excluded():
    gt, visible, valid = static_sequences()
    pred = gt.copy()
    pred[0, 2, 0, 0] += 3.0
    valid[0, 4] = False  # drops t = 3 for both keypoints
    pred[0, 4] += 100.0  # a padding frame's prediction is garbage
    visible[0, 0, 1] = 0  # drops t = 1 for keypoint 1
    errors, mask = acceleration_error_map(pred, gt, visible, valid)
    assert mask[0].tolist() == [[True, False], [True, True], [False, False]]
    # counted: keypoint 0 at t = 1, 2 (3, 6); keypoint 1 at t = 2 (0)
    assert acceleration_error(pred, gt, visible, valid) == pytest.approx(3.0)


def test_accepts_windows_of_three_frames_across_windows():
    gt, visible, valid = static_sequences(num_windows=2, num_frames=3)
    pred = gt.copy()
    pred[1, 1, 1, 1] -= 2.0  # window 1: error 4 on one of 4 entries
    assert acceleration_error(pred, gt, visible, valid) == pytest.approx(1.0)


def test_too_short_windows_give_nan_with_warning():
    gt, visible, valid = static_sequences(num_frames=2)
    with pytest.warns(RuntimeWarning, match='three consecutive'):
        assert np.isnan(acceleration_error(gt, gt, visible, valid))
