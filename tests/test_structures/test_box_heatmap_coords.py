import numpy as np
import torch

from mmclimb.structures import (clip_to_heatmap, heatmap_to_image,
                                image_to_heatmap)

BOX = np.float32([[100, 200, 212, 424]])  # 2 and 4 image px per heatmap px


def test_box_corners_and_centre_map_to_heatmap_edges_and_centre():
    keypoints = np.float32([[[100, 200], [212, 424], [156, 312]]])
    uv = image_to_heatmap(keypoints, BOX, (56, 56))
    np.testing.assert_allclose(uv[0], [[-0.5, -0.5], [55.5, 55.5],
                                       [27.5, 27.5]])


def test_round_trip_image_heatmap_image_within_a_pixel():
    rng = np.random.default_rng(0)
    bboxes = np.concatenate([rng.uniform(0, 500, (6, 2)),
                             rng.uniform(600, 1000, (6, 2))], axis=1)
    keypoints = rng.uniform(0, 1000, (6, 25, 2))
    back = heatmap_to_image(image_to_heatmap(keypoints, bboxes, (56, 56)),
                            bboxes, (56, 56))
    assert np.abs(back - keypoints).max() < 1e-6
    # through the integer grid: within one heatmap pixel, i.e. w / 56 px
    rounded = np.round(image_to_heatmap(keypoints, bboxes, (56, 56)))
    error = np.abs(heatmap_to_image(rounded, bboxes, (56, 56)) - keypoints)
    pixel = (bboxes[:, None, 2:] - bboxes[:, None, :2]) / 56
    assert (error <= pixel / 2 + 1e-6).all()


def test_torch_and_numpy_agree():
    keypoints = np.float32([[[130.5, 250.25], [90, 700]]])
    expected = image_to_heatmap(keypoints, BOX, (56, 56))
    got = image_to_heatmap(torch.from_numpy(keypoints),
                           torch.from_numpy(BOX), (56, 56))
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)
    np.testing.assert_allclose(
        clip_to_heatmap(got, (56, 56)).numpy(),
        clip_to_heatmap(expected, (56, 56)))


def test_clip_keeps_points_on_the_border():
    uv = np.float32([[[-3, 10], [60, 70], [5, 5]]])
    np.testing.assert_array_equal(
        clip_to_heatmap(uv, (56, 40)), [[[0, 10], [55, 39], [5, 5]]])
