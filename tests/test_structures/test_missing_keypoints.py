import numpy as np
import pytest

from mmclimb.structures import fill_missing_keypoints


def test_interpolates_inside_and_holds_the_edges():
    track = np.arange(10, dtype=float)[:, None, None].repeat(2, axis=2)
    keypoints = np.concatenate([track, 2 * track], axis=1)  # (10, 2, 2)
    keypoints[[0, 1, 4, 5, 9], 0] = np.nan
    keypoints[7, 1, 0] = np.inf  # one bad coordinate: the point is missing
    filled, missing = fill_missing_keypoints(keypoints)
    assert filled.dtype == np.float32 and np.isfinite(filled).all()
    np.testing.assert_allclose(filled[:, 0, 0],
                               [2, 2, 2, 3, 4, 5, 6, 7, 8, 8])
    np.testing.assert_allclose(filled[:, 1, 1], 2 * np.arange(10))
    np.testing.assert_allclose(filled[7, 1], [14, 14])
    assert missing[:, 0].tolist() == [
        True, True, False, False, True, True, False, False, False, True]
    assert missing[:, 1].sum() == 1


def test_whole_missing_frames_and_a_keypoint_never_seen():
    keypoints = np.random.default_rng(0).uniform(0, 100, (6, 3, 2))
    keypoints[[2, 3]] = np.nan  # frames without a detection
    keypoints[:, 2] = np.nan  # a keypoint the detector never gives
    filled, missing = fill_missing_keypoints(keypoints)
    step = (keypoints[4, 0] - keypoints[1, 0]) / 3
    np.testing.assert_allclose(filled[2, 0], keypoints[1, 0] + step,
                               rtol=1e-6)
    np.testing.assert_allclose(filled[:, 2], filled[:, :2].mean(axis=1),
                               rtol=1e-6)
    assert missing[:, 2].all() and missing[[2, 3]].all()


def test_nothing_to_fill_from():
    with pytest.raises(ValueError, match='no keypoint is present'):
        fill_missing_keypoints(np.full((3, 2, 2), np.nan))


def test_times_space_the_interpolation_by_frame_number():
    keypoints = np.full((3, 1, 2), np.nan)
    keypoints[0, 0] = [0, 0]  # frame 0
    keypoints[2, 0] = [10, 20]  # frame 10
    filled, missing = fill_missing_keypoints(keypoints, times=[0, 4, 10])
    np.testing.assert_allclose(filled[1, 0], [4, 8])
    assert missing[:, 0].tolist() == [False, True, False]
