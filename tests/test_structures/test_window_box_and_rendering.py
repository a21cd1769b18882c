"""window_boxes, render_gaussians, refine_gaussian_peak and the sub-pixel
mode of RenderGaussianHeatmaps."""
import numpy as np
import pytest
import torch

from mmclimb.datasets.transforms import RenderGaussianHeatmaps
from mmclimb.structures import (heatmap_argmax, refine_gaussian_peak,
                                render_gaussians, window_boxes)

# window_boxes


def _frames(centres, sides, num_keypoints=4):
    """(T, K, 2) keypoints whose frame t spans a ``sides[t]`` wide, half as
    high rectangle about ``centres[t]``."""
    out = []
    for (cx, cy), side in zip(centres, sides):
        corners = np.array([[-0.5, -0.25], [0.5, 0.25], [0.1, -0.2],
                            [-0.3, 0.1]])[:num_keypoints]
        out.append(np.array([cx, cy]) + side * corners)
    return np.array(out)


def test_box_is_square_median_of_frames_with_margin():
    centres = [(0, 0), (10, 5), (20, 10), (30, 15), (100, 50)]
    sides = [10, 20, 30, 40, 500]
    box = window_boxes(_frames(centres, sides), margin=0.0)
    assert box.shape == (4, ) and box.dtype == np.float32
    np.testing.assert_allclose(box, [20 - 15, 10 - 15, 20 + 15, 10 + 15])
    box = window_boxes(_frames(centres, sides), margin=0.2)
    side = 30 * 1.2
    np.testing.assert_allclose(
        box, [20 - side / 2, 10 - side / 2, 20 + side / 2, 10 + side / 2],
        rtol=1e-6)
    # tall frames: the side is the longer (vertical) one
    tall = _frames(centres, sides)[..., ::-1]
    box = window_boxes(tall, margin=0.1)
    assert box[2] - box[0] == pytest.approx(box[3] - box[1])
    assert box[3] - box[1] == pytest.approx(33.0)


def test_box_ignores_a_stray_point():
    keypoints = np.repeat(_frames([(50, 60)], [40]), 7, axis=0)
    box = window_boxes(keypoints)
    stray = keypoints.copy()
    stray[3, 1] = [1e4, -1e4]
    np.testing.assert_array_equal(window_boxes(stray), box)
    # absent points: NaN, or flagged 0
    gaps = keypoints.copy()
    gaps[2, 0] = np.nan
    gaps[:, 3] = [1e6, 1e6]
    present = np.ones(gaps.shape[:2])
    present[:, 3] = 0
    np.testing.assert_allclose(window_boxes(gaps, present),
                               window_boxes(keypoints[:, :3]), atol=1e-4)


def test_empty_window_gets_a_unit_box():
    empty = np.full((5, 3, 2), np.nan)
    np.testing.assert_array_equal(window_boxes(empty),
                                  [-0.5, -0.5, 0.5, 0.5])
    keypoints = np.ones((5, 3, 2))
    np.testing.assert_array_equal(window_boxes(keypoints,
                                               np.zeros((5, 3))),
                                  [-0.5, -0.5, 0.5, 0.5])
    # a single point: no extent, the minimum side about it
    np.testing.assert_allclose(window_boxes(keypoints, min_side=4.0),
                               [-1, -1, 3, 3])
    # frames without present points do not count
    some = _frames([(0, 0)] * 5, [10] * 5)
    some[:2] = np.nan
    np.testing.assert_allclose(window_boxes(some, margin=0.0),
                               [-5, -5, 5, 5])


def test_box_leading_axes():
    rng = np.random.default_rng(0)
    keypoints = rng.uniform(0, 100, (3, 2, 6, 5, 2))
    present = rng.uniform(size=(3, 2, 6, 5)) > 0.2
    boxes = window_boxes(keypoints, present)
    assert boxes.shape == (3, 2, 4)
    for i in range(3):
        for j in range(2):
            np.testing.assert_array_equal(
                boxes[i, j], window_boxes(keypoints[i, j], present[i, j]))


# render_gaussians


def test_render_integer_centre_peak_one():
    heatmaps = render_gaussians(np.array([[[3.0, 5.0], [0.0, 0.0]]]), 1.5,
                                (8, 10))
    assert heatmaps.shape == (1, 2, 10, 8) and heatmaps.dtype == np.float32
    assert heatmaps[0, 0, 5, 3] == 1.0
    assert np.unravel_index(heatmaps[0, 0].argmax(), (10, 8)) == (5, 3)
    assert heatmaps[0, 1, 0, 0] == 1.0
    assert heatmaps[0, 0, 5, 4] == pytest.approx(np.exp(-1 / (2 * 1.5**2)))


def test_render_fractional_centre_matches_formula():
    positions = np.array([[2.3, 4.7], [6.55, 0.2], [-1.5, 3.0]])
    sigma = np.array([1.0, 2.0, 0.7])
    heatmaps = render_gaussians(positions, sigma, (9, 7))
    assert heatmaps.shape == (3, 7, 9)
    v, u = np.mgrid[0:7, 0:9]
    for k, ((pu, pv), s) in enumerate(zip(positions, sigma)):
        want = np.exp(-((u - pu)**2 + (v - pv)**2) / (2 * s**2))
        np.testing.assert_allclose(heatmaps[k], want, rtol=1e-5, atol=1e-7)
    assert heatmaps.max() < 1


# refine_gaussian_peak


@pytest.mark.parametrize('sigma', [1.0, 2.0])
def test_refine_recovers_fractional_centres(sigma):
    rng = np.random.default_rng(int(sigma))
    centres = rng.uniform(3, 28, (4, 6, 2)).astype(np.float32)
    heatmaps = render_gaussians(centres, sigma, (32, 32))
    positions, _ = heatmap_argmax(heatmaps)
    assert np.abs(positions - centres).max() <= 0.5 + 1e-6
    refined = refine_gaussian_peak(positions, heatmaps)
    assert isinstance(refined, np.ndarray) and refined.shape == (4, 6, 2)
    assert refined.dtype == np.float32
    np.testing.assert_allclose(refined, centres, atol=1e-3)
    # torch in, torch out, the same values
    t_positions, _ = heatmap_argmax(torch.from_numpy(heatmaps))
    t_refined = refine_gaussian_peak(t_positions, torch.from_numpy(heatmaps))
    assert isinstance(t_refined, torch.Tensor)
    assert t_refined.dtype == torch.float32
    np.testing.assert_allclose(t_refined.numpy(), refined, atol=1e-6)


def test_refine_keeps_border_maxima():
    # centres beyond the left and the bottom border: the maxima sit on it
    centres = np.array([[-0.3, 7.4], [6.2, 15.4]], np.float32)
    heatmaps = render_gaussians(centres, 1.0, (12, 16))
    positions, _ = heatmap_argmax(heatmaps)
    np.testing.assert_array_equal(positions, [[0, 7], [6, 15]])
    refined = refine_gaussian_peak(positions, heatmaps)
    # the border axis is kept, the other one refined
    assert refined[0, 0] == 0 and refined[1, 1] == 15
    assert refined[0, 1] == pytest.approx(7.4, abs=1e-3)
    assert refined[1, 0] == pytest.approx(6.2, abs=1e-3)


def test_refine_flat_or_zero_maps_keep_the_argmax():
    heatmaps = np.zeros((2, 6, 6), np.float32)
    heatmaps[1, 2, 3] = 1.0  # a one-hot peak: logs concave, offset 0
    positions, _ = heatmap_argmax(heatmaps)
    refined = refine_gaussian_peak(positions, heatmaps)
    np.testing.assert_array_equal(refined, positions)


def test_refine_integer_numpy_positions():
    # integer positions come back as float32 with their sub-pixel part
    heatmaps = render_gaussians(np.array([[10.3, 20.6]]), 1.0, (32, 32))
    positions, _ = heatmap_argmax(heatmaps)
    refined = refine_gaussian_peak(positions.astype(np.int64), heatmaps)
    np.testing.assert_allclose(refined, [[10.3, 20.6]], atol=1e-3)


# RenderGaussianHeatmaps(subpixel=True)


def test_subpixel_rendering_weights_and_empty_maps():
    keypoints = np.array([[[10.25, 20.5], [-0.5, 3.0], [55.0, 55.0],
                           [30.0, 56.2], [5.5, 5.5]]], np.float32)
    visible = np.array([[1, 1, 1, 1, 0]], np.float32)
    out = RenderGaussianHeatmaps(sigma=1.0, subpixel=True)(dict(
        heatmap_keypoints=keypoints, keypoints_visible=visible,
        heatmap_size=(56, 56)))
    heatmaps, weights = out['target_heatmaps'], out['keypoint_weights']
    assert heatmaps.shape == (1, 5, 56, 56) and heatmaps.dtype == np.float32
    # inside (the border included) and visible; outside; invisible
    np.testing.assert_array_equal(weights, [[1, 0, 1, 0, 0]])
    assert weights.dtype == np.float32
    assert (heatmaps[0, [1, 3, 4]] == 0).all()
    np.testing.assert_allclose(heatmaps[0, 0],
                               render_gaussians(keypoints[0, :1], 1.0,
                                                (56, 56))[0])
    assert heatmaps[0, 2, 55, 55] == pytest.approx(1.0)
    # the exact peak is recovered
    positions, _ = heatmap_argmax(heatmaps[0, :1])
    np.testing.assert_allclose(refine_gaussian_peak(positions,
                                                    heatmaps[0, :1]),
                               [[10.25, 20.5]], atol=1e-3)
    # inputs rendered without weights
    out = RenderGaussianHeatmaps(subpixel=True,
                                 keypoints_key='input_heatmap_keypoints',
                                 out_key='heatmaps', weights_key=None)(dict(
                                     input_heatmap_keypoints=keypoints,
                                     keypoints_visible=visible,
                                     heatmap_size=(56, 48)))
    assert out['heatmaps'].shape == (1, 5, 48, 56)
    assert 'keypoint_weights' not in out
    assert (out['heatmaps'][0, 3] == 0).all()  # v = 56.2 > 47
