"""Mean per-keypoint error."""
import numpy as np
import pytest

from mmclimb.evaluation.functional import mean_keypoint_error


def test_mean_over_annotated_points():
    gt = np.zeros((2, 3, 2))
    pred = gt.copy()
    pred[0, 0] = (3.0, 4.0)  # 5
    pred[1, 2] = (0.0, 1.0)  # 1
    pred[1, 1] = (60.0, 80.0)  # 100, not annotated
    visible = np.ones((2, 3))
    visible[1, 1] = 0
    # (5 + 0 + 0 + 0 + 1) over 5 annotated points
    assert mean_keypoint_error(pred, gt, visible) == pytest.approx(6 / 5)


def test_nothing_annotated_gives_nan_with_warning():
    gt = np.zeros((1, 2, 2))
    with pytest.warns(RuntimeWarning, match='no annotated'):
        assert np.isnan(mean_keypoint_error(gt, gt, np.zeros((1, 2))))
