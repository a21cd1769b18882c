import numpy as np
import pytest

from mmclimb.datasets.transforms import (DecodeHeatmaps, NormalizeHeatmaps,
                                         ProjectKeypointsToBox,
                                         RenderGaussianHeatmaps)


def test_normalize_sum_clips_negatives_and_sums_to_one():
    rng = np.random.default_rng(0)
    heatmaps = rng.normal(size=(5, 3, 8, 8)).astype(np.float32)
    out = NormalizeHeatmaps()(dict(heatmaps=heatmaps.copy()))['heatmaps']
    assert (out >= 0).all()
    np.testing.assert_allclose(out.sum(axis=(-2, -1)), 1, rtol=1e-5)
    # the ranking of positive values is kept
    positive = heatmaps > 0
    assert np.array_equal(np.argmax(out.reshape(15, -1), 1),
                          np.argmax(heatmaps.reshape(15, -1), 1))
    assert (out[~positive] == 0).all()


def test_normalize_max_mode():
    heatmaps = np.float32([[[[0, 1], [2, -4]]]])
    out = NormalizeHeatmaps(mode='max', max_value=255)(
        dict(heatmaps=heatmaps))['heatmaps']
    np.testing.assert_allclose(out, [[[[0, 127.5], [255, 0]]]])


def test_all_negative_channel_stays_zero_with_warning():
    heatmaps = np.full((1, 2, 4, 4), -1.0, np.float32)
    heatmaps[0, 1, 0, 0] = 3.0
    with pytest.warns(UserWarning, match='no positive value'):
        out = NormalizeHeatmaps()(dict(heatmaps=heatmaps))['heatmaps']
    assert np.isfinite(out).all() and (out[0, 0] == 0).all()
    assert out[0, 1, 0, 0] == 1


def test_project_keypoints_to_box_and_clip():
    results = dict(
        keypoints=np.float32([[[100, 200], [212, 424], [50, 300]]]),
        bboxes=np.float32([[100, 200, 212, 424]]),
        heatmap_size=(56, 56))
    out = ProjectKeypointsToBox()(results)['heatmap_keypoints']
    np.testing.assert_allclose(out, [[[0, 0], [55, 55], [0, 24.5]]])
    unclipped = ProjectKeypointsToBox(clip=False)(results)
    assert unclipped['heatmap_keypoints'][0, 2, 0] == -25.5


def test_render_gaussian_peak_at_rounded_position():
    results = dict(
        heatmap_keypoints=np.float32([[[10.4, 20.6], [3, 3]],
                                      [[0, 55], [30, 30]]]),
        keypoints_visible=np.float32([[1, 0], [1, 1]]),
        heatmap_size=(56, 56))
    out = RenderGaussianHeatmaps(sigma=1.0)(results)
    heatmaps, weights = out['target_heatmaps'], out['keypoint_weights']
    assert heatmaps.shape == (2, 2, 56, 56)
    assert np.unravel_index(heatmaps[0, 0].argmax(), (56, 56)) == (21, 10)
    assert heatmaps[0, 0, 21, 10] == pytest.approx(1.0)
    assert heatmaps[0, 0, 21, 11] == pytest.approx(np.exp(-0.5))  # sigma 1
    assert (heatmaps[0, 1] == 0).all() and weights[0, 1] == 0
    assert np.unravel_index(heatmaps[1, 0].argmax(), (56, 56)) == (55, 0)
    assert weights.tolist() == [[1, 0], [1, 1]]


def test_render_inputs_from_coordinates_by_keys():
    results = dict(
        input_keypoints=np.float32([[[5, 6]]]),
        visible=np.float32([[1]]),
        heatmap_size=(16, 16))
    out = RenderGaussianHeatmaps(
        keypoints_key='input_keypoints', visible_key='visible',
        out_key='heatmaps', weights_key=None)(results)
    assert np.unravel_index(out['heatmaps'][0, 0].argmax(),
                            (16, 16)) == (6, 5)
    assert 'keypoint_weights' not in out


def test_decode_heatmaps_argmax_norm_and_subpixel():
    heatmaps = np.zeros((2, 1, 56, 56), np.float32)
    heatmaps[0, 0, 20, 10] = 1.0
    heatmaps[0, 0, 20, 11] = 0.5
    heatmaps[1, 0, 55, 55] = 0.3
    results = dict(heatmaps=heatmaps, heatmap_size=(56, 56))
    out = DecodeHeatmaps()(dict(results))
    np.testing.assert_array_equal(out['input_keypoints'],
                                  [[[10, 20]], [[55, 55]]])
    np.testing.assert_allclose(out['input_keypoints_scores'], [[1.0], [0.3]])
    np.testing.assert_allclose(out['input_keypoints_norm'][1], [[1, 1]])
    refined = DecodeHeatmaps(subpixel=True)(dict(results))
    np.testing.assert_allclose(refined['input_keypoints'][0], [[10.25, 20]])
