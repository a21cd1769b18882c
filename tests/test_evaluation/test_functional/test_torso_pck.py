"""Torso PCK against hand-computed cases."""
import numpy as np
import pytest

from mmclimb.evaluation.functional import torso_lengths, torso_pck

K = 25


def make_gt(num_frames=1, torso=10.0):
    """Ground truth (N, K, 2): a square torso of side ``torso``, the other
    keypoints at (5, 5); all annotated."""
    gt = np.full((num_frames, K, 2), 5.0)
    gt[:, 3] = (0.0, 0.0)
    gt[:, 4] = (torso, 0.0)
    gt[:, 15] = (0.0, torso)
    gt[:, 16] = (torso, torso)
    return gt, np.ones((num_frames, K))


def test_torso_lengths_mean_of_both_sides():
    gt, visible = make_gt(num_frames=3)
    gt[0, 15] = (0.0, 6.0)  # left side 6, right side 10
    visible[1, 16] = 0
    visible[2, 0] = 0  # not a torso point: no effect
    lengths = torso_lengths(gt, visible)
    assert lengths.shape == (3, )
    assert lengths[0] == pytest.approx(8.0)
    assert np.isnan(lengths[1])
    assert lengths[2] == pytest.approx(10.0)


@pytest.mark.parametrize('missing', [3, 4, 15, 16])
def test_torso_lengths_nan_for_each_missing_torso_point(missing):
    gt, visible = make_gt()
    visible[0, missing] = 0
    assert np.isnan(torso_lengths(gt, visible)[0])


def test_perfect_prediction_scores_one():
    gt, visible = make_gt(num_frames=2)
    out = torso_pck(gt, gt, visible)
    assert out['pck'] == {0.05: 1.0, 0.1: 1.0, 0.2: 1.0}
    assert out['num_counted'] == 2 * K
    assert out['num_frames'] == 2


def test_point_exactly_at_threshold_counts_as_correct():
    gt, visible = make_gt(torso=10.0)
    pred = gt.copy()
    pred[0, 0, 0] += 1.0  # exactly 0.1 * torso
    pred[0, 1, 1] += 1.0 + 1e-9  # just beyond it
    out = torso_pck(pred, gt, visible, thresholds=(0.1, ))
    assert out['pck_per_keypoint'][0.1][0] == 1.0
    assert out['pck_per_keypoint'][0.1][1] == 0.0
    assert out['pck'][0.1] == pytest.approx((K - 1) / K)


def test_thresholds_are_fractions_of_the_torso():
    gt, visible = make_gt(torso=20.0)
    pred = gt.copy()
    pred[0, 0, 0] += 1.5  # > 0.05 * 20 = 1, <= 0.1 * 20 = 2
    pred[0, 1, 0] += 3.0  # > 2, <= 0.2 * 20 = 4
    pred[0, 2, 0] += 5.0  # > 4
    out = torso_pck(pred, gt, visible)
    assert out['pck'][0.05] == pytest.approx((K - 3) / K)
    assert out['pck'][0.1] == pytest.approx((K - 2) / K)
    assert out['pck'][0.2] == pytest.approx((K - 1) / K)


def test_frame_missing_a_torso_point_is_skipped():
    gt, visible = make_gt(num_frames=2)
    visible[1, 4] = 0
    pred = gt.copy()
    pred[1] += 100.0  # every point of the skipped frame is wrong
    out = torso_pck(pred, gt, visible)
    assert out['pck'][0.05] == 1.0
    assert out['num_frames'] == 1
    assert out['num_counted'] == K
    assert out['num_counted_per_keypoint'].tolist() == [1] * K


def test_unannotated_points_are_left_out():
    gt, visible = make_gt()
    visible[0, 7] = 0
    gt[0, 7] = (0.0, 0.0)  # stored as (0, 0)
    pred = gt.copy()
    pred[0, 7] = (50.0, 50.0)
    pred[0, 8] += 9.0  # annotated and wrong
    out = torso_pck(pred, gt, visible)
    assert out['num_counted'] == K - 1
    assert out['pck'][0.2] == pytest.approx((K - 2) / (K - 1))
    assert np.isnan(out['pck_per_keypoint'][0.2][7])
    assert out['num_counted_per_keypoint'][7] == 0


def test_pooled_over_keypoints_not_averaged_over_frames():
    gt0, vis0 = make_gt(torso=10.0)
    gt1, vis1 = make_gt(torso=20.0)
    gt = np.concatenate([gt0, gt1])
    visible = np.concatenate([vis0, vis1])
    visible[1] = 0
    visible[1, [3, 4, 15, 16, 0]] = 1  # frame 1 counts 5 points
    pred = gt.copy()
    pred[0, 5:10, 1] += 3.0  # frame 0: 5 of 25 wrong at 0.2 * 10 = 2
    pred[1, 0, 1] += 3.0  # frame 1: right at 0.2 * 20 = 4
    out = torso_pck(pred, gt, visible, thresholds=(0.2, ))
    # pooled (20 + 5) / 30, not the frame mean (0.8 + 1.0) / 2
    assert out['pck'][0.2] == pytest.approx(25 / 30)
    assert out['num_counted'] == 30
    per_kpt = out['pck_per_keypoint'][0.2]
    assert per_kpt[0] == 1.0 and per_kpt[5] == 0.0
    assert out['num_counted_per_keypoint'][0] == 2
    assert out['num_counted_per_keypoint'][5] == 1


def test_nothing_counted_gives_nan_with_warning():
    gt, visible = make_gt(num_frames=2)
    visible[:, 3] = 0
    with pytest.warns(RuntimeWarning, match='no keypoint counted'):
        out = torso_pck(gt, gt, visible)
    assert all(np.isnan(v) for v in out['pck'].values())
    assert out['num_counted'] == 0
    assert np.isnan(out['pck_per_keypoint'][0.1]).all()
