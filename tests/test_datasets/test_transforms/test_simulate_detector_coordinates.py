import numpy as np
import pytest
from mmengine.config import Config
from mmpose.registry import TRANSFORMS

from mmclimb.datasets.transforms import (DecodeHeatmaps,
                                         SimulateDetectorCoordinates,
                                         SimulateDetectorNoise)
from mmclimb.structures import image_to_heatmap

SEQUENCES = 'configs/_base_/datasets/keypoint_sequences.py'
# the heatmap path decodes a missing keypoint's empty channel, and says so
pytestmark = pytest.mark.filterwarnings('ignore:.*flat heatmap channels')


def tiny_window(sample_idx, num_frames=5, num_keypoints=25):
    """A person-sized random window with one keypoint the source lacks."""
    rng = np.random.default_rng(1000 + sample_idx)
    centre = rng.uniform([300, 400], [1500, 700])
    keypoints = centre + rng.uniform(-150, 150, (num_frames, num_keypoints,
                                                 2))
    visible = np.ones((num_frames, num_keypoints), np.float32)
    visible[:, rng.integers(num_keypoints)] = 0
    return dict(keypoints=keypoints.astype(np.float32),
                keypoints_visible=visible, sample_idx=sample_idx)


def heatmap_path(noise):
    return [SimulateDetectorNoise(**noise), DecodeHeatmaps()]


@pytest.mark.parametrize('normalize', [None, 'sum'])
def test_same_draws_give_the_decoded_heatmap_outputs(normalize):
    noise = dict(shift_scalars=(1.0, 2.0), normalize=normalize, seed=3)
    coords = SimulateDetectorCoordinates(**noise)
    for idx in range(20):
        expected = tiny_window(idx)
        for transform in heatmap_path(noise):
            expected = transform(expected)
        got = coords(tiny_window(idx))
        assert 'heatmaps' not in got
        np.testing.assert_array_equal(got['bboxes'], expected['bboxes'])
        for key in ('input_keypoints', 'input_keypoints_norm'):
            assert got[key].dtype == np.float32
            np.testing.assert_array_equal(got[key], expected[key])
        np.testing.assert_allclose(got['input_keypoints_scores'],
                                   expected['input_keypoints_scores'],
                                   rtol=1e-5, atol=1e-7)


def error_quantiles(pipeline, seed, num_windows=300):
    """Quantiles of the per-keypoint distance (heatmap pixels) between the
    decoded input and the clean keypoint, over the present keypoints."""
    errors = []
    for idx in range(num_windows):
        results = tiny_window(idx)
        for transform in pipeline(seed):
            results = transform(results)
        clean = image_to_heatmap(results['keypoints'], results['bboxes'],
                                 (56, 56))
        present = results['keypoints_visible'] > 0
        errors.append(np.linalg.norm(
            results['input_keypoints'] - clean, axis=-1)[present])
    return np.quantile(np.concatenate(errors), [0.1, 0.25, 0.5, 0.75, 0.9])


def test_config_paths_give_matching_error_distributions():
    cfg = Config.fromfile(SEQUENCES)
    assert cfg.coord_noise.type == 'SimulateDetectorCoordinates'
    noise = {k: v for k, v in cfg.noise.items() if k != 'type'}
    heatmaps = error_quantiles(
        lambda seed: heatmap_path(dict(noise, seed=seed)), seed=1)
    coords = error_quantiles(
        lambda seed: [TRANSFORMS.build(dict(cfg.coord_noise, seed=seed))],
        seed=2)
    # different draws (seeds 1 and 2), the same distribution
    np.testing.assert_allclose(coords, heatmaps, rtol=0.06)
    # the thesis's shift: median distance of a 2-D Gaussian of std 2.95 x
    # (1 or 2), clipped and rounded, a few pixels
    assert 3.0 < heatmaps[2] < 6.0
