import numpy as np

from mmclimb.datasets.transforms import SimulateDetectorNoise


def window(seed=0):
    rng = np.random.default_rng(seed)
    visible = np.ones((5, 25), np.float32)
    visible[:, 9:15] = 0  # points the source lacks
    return dict(
        keypoints=rng.uniform(100, 600, (5, 25, 2)).astype(np.float32),
        keypoints_visible=visible)


def test_sum_normalisation_keeps_missing_points_empty():
    out = SimulateDetectorNoise(normalize='sum')(window())['heatmaps']
    sums = out.sum(axis=(-2, -1))
    np.testing.assert_allclose(sums[:, :9], 1.0, rtol=1e-5)
    assert (sums[:, 9:15] == 0).all()


def test_seed_fixes_the_noise_per_sample_and_differs_between_samples():
    noise = SimulateDetectorNoise(seed=3, shift_scalars=(1.0, 2.0))
    np.random.seed(0)
    first = noise(dict(window(), sample_idx=4))['input_keypoints']
    np.random.seed(1)  # the global generator plays no part
    again = noise(dict(window(), sample_idx=4))['input_keypoints']
    other = noise(dict(window(), sample_idx=5))['input_keypoints']
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
