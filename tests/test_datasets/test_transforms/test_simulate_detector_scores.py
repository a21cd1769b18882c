"""SimulateDetectorScores: scores that follow the error, the side turned
away and the input's dropped points."""
import numpy as np
import pytest

from mmclimb.datasets import SimulateDetectorScores

T, K = 40, 25


def _results(error=None, side=0.0, sample_idx=0):
    """Clean keypoints, detections off by ``error`` (T, K) torsos along x,
    and shoulders whose depths turn the left side away by ``side``."""
    rng = np.random.default_rng(0)
    clean = rng.uniform(0, 100, size=(T, K, 2))
    noisy = clean.copy()
    if error is not None:
        noisy[..., 0] += error * 50.0
    body = np.zeros((T, K, 3))
    body[:, 3, 0], body[:, 4, 0] = -10.0, 10.0  # shoulders 20 units apart
    depth = np.full((T, K), 300.0)
    depth[:, 3] += 10.0 * side
    depth[:, 4] -= 10.0 * side
    return dict(keypoints=clean, input_keypoints=noisy, noise_torso=50.0,
                keypoints_3d=body, keypoints_depth=depth,
                input_visible=np.ones((T, K), np.float32), fps=30.0,
                sample_idx=sample_idx)


def _scores(results, **kwargs):
    args = dict(unknown_prob=0.0, seed=3)
    args.update(kwargs)
    return SimulateDetectorScores(**args)(results)['input_scores']


def test_scores_are_in_range_and_seeded():
    out = _scores(_results())
    assert out.shape == (T, K) and out.dtype == np.float32
    assert (out > 0).all() and (out < 1).all()
    np.testing.assert_array_equal(out, _scores(_results()))
    assert not np.array_equal(out, _scores(_results(sample_idx=1)))


def test_a_misplaced_point_scores_lower():
    error = np.zeros((T, K))
    error[:, 7] = 0.4  # the left wrist 0.4 torso off in every frame
    out = _scores(_results(error), noise_std=0.0)
    plain = _scores(_results(), noise_std=0.0)
    assert (out[:, 7] < plain[:, 7] - 0.2).all()
    np.testing.assert_allclose(np.delete(out, 7, 1), np.delete(plain, 7, 1))


def test_the_side_turned_away_scores_lower_and_the_core_stays():
    away = _scores(_results(side=1.0), noise_std=0.0)
    facing = _scores(_results(side=0.0), noise_std=0.0)
    left, right, core = [5, 7, 17], [6, 8, 18], [0, 3, 4, 15, 16]
    assert (away[:, left] < facing[:, left] - 0.1).all()
    np.testing.assert_allclose(away[:, right], facing[:, right])
    np.testing.assert_allclose(away[:, core], facing[:, core])
    assert facing[:, core].min() > facing[:, right].max()


def test_dropped_points_score_zero_and_unknown_windows_are_ones():
    results = _results()
    results['input_visible'][5, 2] = 0
    assert _scores(results)[5, 2] == 0
    ones = _scores(_results(), unknown_prob=1.0)
    np.testing.assert_array_equal(ones, np.ones((T, K), np.float32))


def test_the_other_transforms_draws_are_untouched():
    """The scores draw from a stream of their own: the same window's
    detections do not change when scores are simulated after them."""
    from mmpose.registry import TRANSFORMS
    rng = np.random.default_rng(1)
    motion = dict(keypoints_3d=rng.normal(size=(T, K, 3)) * 30 +
                  [0, 100, 0], keypoints_visible=np.ones((T, K), np.float32),
                  fps=60.0, sample_idx=4,
                  flip_indices=list(range(K)))
    steps = [dict(type='RandomVirtualCamera', seed=2),
             dict(type='SimulateKeypointNoise', seed=2)]
    plain = dict(motion)
    for step in steps:
        plain = TRANSFORMS.build(step)(plain)
    scored = dict(motion)
    for step in steps + [dict(type='SimulateDetectorScores', seed=2)]:
        scored = TRANSFORMS.build(step)(scored)
    np.testing.assert_array_equal(plain['input_keypoints'],
                                  scored['input_keypoints'])
    assert scored['keypoints_depth'].shape == (T, K)


@pytest.mark.parametrize('kwargs', [dict(error_scale=0),
                                    dict(unknown_prob=1.5)])
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError):
        SimulateDetectorScores(**kwargs)
