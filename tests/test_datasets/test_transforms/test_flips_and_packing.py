import numpy as np
import pytest
import torch

from mmclimb.datasets.transforms import (PackWindowInputs,
                                         ProjectKeypointsToBox,
                                         RandomLeftRightFlip,
                                         RandomTemporalFlip,
                                         RenderGaussianHeatmaps)

FLIP_INDICES = [0, 2, 1]  # a centre point and one left/right pair


def window(num_frames=4):
    rng = np.random.default_rng(0)
    bboxes = np.tile(np.float32([100, 200, 212, 424]), (num_frames, 1))
    keypoints = rng.uniform([105, 205], [205, 415],
                            (num_frames, 3, 2)).astype(np.float32)
    results = dict(
        bboxes=bboxes,
        keypoints=keypoints,
        keypoints_visible=np.ones((num_frames, 3), np.float32),
        frame_ids=np.arange(num_frames),
        valid=np.ones(num_frames, bool),
        heatmap_size=(56, 56),
        flip_indices=FLIP_INDICES)
    results = ProjectKeypointsToBox()(results)
    results = RenderGaussianHeatmaps(out_key='heatmaps', weights_key=None)(
        results)
    return results


def argmax_positions(heatmaps):
    flat = heatmaps.reshape(*heatmaps.shape[:2], -1).argmax(-1)
    return np.stack([flat % heatmaps.shape[-1], flat // heatmaps.shape[-1]],
                    axis=-1)


def test_temporal_flip_reverses_every_frame_key():
    results = window()
    flipped = RandomTemporalFlip(prob=1.0)({k: np.copy(v) if isinstance(
        v, np.ndarray) else v for k, v in results.items()})
    assert flipped['temporal_flip'] is True
    for key in ('frame_ids', 'heatmaps', 'keypoints', 'bboxes'):
        np.testing.assert_array_equal(flipped[key], results[key][::-1])
    kept = RandomTemporalFlip(prob=0.0)(window())
    assert kept['temporal_flip'] is False
    np.testing.assert_array_equal(kept['frame_ids'], np.arange(4))


def test_left_right_flip_swaps_pairs_consistently():
    results = window()
    original = {k: np.copy(v) for k, v in results.items()
                if isinstance(v, np.ndarray)}
    flipped = RandomLeftRightFlip(prob=1.0)(results)
    assert flipped['flip'] is True
    # image x mirrored in the box, then the pair (1, 2) swapped
    x1_x2 = 100 + 212
    np.testing.assert_allclose(flipped['keypoints'][:, 1, 0],
                               x1_x2 - original['keypoints'][:, 2, 0])
    np.testing.assert_allclose(flipped['keypoints'][:, 0, 1],
                               original['keypoints'][:, 0, 1])
    # heatmap coordinates mirrored as 55 - u
    np.testing.assert_allclose(
        flipped['heatmap_keypoints'][:, 2, 0],
        55 - original['heatmap_keypoints'][:, 1, 0])
    # the flipped heatmaps peak where the flipped keypoints project to
    reprojected = ProjectKeypointsToBox()(dict(
        keypoints=flipped['keypoints'], bboxes=flipped['bboxes'],
        heatmap_size=(56, 56)))['heatmap_keypoints']
    np.testing.assert_array_equal(argmax_positions(flipped['heatmaps']),
                                  np.round(reprojected))


def test_left_right_flip_twice_is_identity():
    results = window()
    original = {k: np.copy(v) for k, v in results.items()
                if isinstance(v, np.ndarray)}
    flip = RandomLeftRightFlip(prob=1.0)
    twice = flip(flip(results))
    for key, value in original.items():
        np.testing.assert_allclose(twice[key], value, atol=1e-4)


def test_pack_heatmaps_window():
    results = window()
    results = RenderGaussianHeatmaps()(results)
    results.update(video='v', window=3)
    packed = PackWindowInputs()(results)
    assert packed['inputs'].shape == (4, 3, 56, 56)
    assert packed['inputs'].dtype == torch.float32
    sample = packed['data_samples']
    assert sample.video == 'v' and sample.window == 3
    assert sample.gt_instances.heatmaps.shape == (4, 3, 56, 56)
    assert sample.gt_instances.keypoints.shape == (4, 3, 2)
    assert sample.gt_instances.keypoint_weights.shape == (4, 3)
    assert len(sample.gt_instances) == 4


def test_pack_coordinates_flattened_per_frame():
    results = window()
    results['input_keypoints_norm'] = results['heatmap_keypoints'] / 55
    packed = PackWindowInputs(input_key='input_keypoints_norm')(results)
    assert packed['inputs'].shape == (4, 6)
    np.testing.assert_allclose(packed['inputs'][0, 2:4].numpy(),
                               results['heatmap_keypoints'][0, 1] / 55)


def test_pack_coordinates_with_their_scores():
    results = window()
    results['input_keypoints_norm'] = results['heatmap_keypoints'] / 55
    results['input_scores'] = np.linspace(0, 1, 12).reshape(4, 3)
    packed = PackWindowInputs(input_key='input_keypoints_norm',
                              score_key='input_scores')(results)
    assert packed['inputs'].shape == (4, 9)
    np.testing.assert_allclose(packed['inputs'][:, 6:].numpy(),
                               results['input_scores'], rtol=1e-6)
    with pytest.raises(ValueError, match='score_key needs keypoint inputs'):
        PackWindowInputs(score_key='input_scores')(dict(
            results, heatmaps=np.zeros((4, 3, 8, 8), np.float32)))


@pytest.mark.parametrize('cls', [RandomLeftRightFlip, RandomTemporalFlip])
def test_flip_probability_is_checked(cls):
    with pytest.raises(ValueError, match='prob'):
        cls(prob=1.5)
