import numpy as np
import torch

from mmclimb.structures import heatmap_argmax, refine_quarter_pixel


def test_argmax_of_negative_logits_and_torch_agrees():
    heatmaps = np.full((2, 3, 4, 6), -5.0, np.float32)
    heatmaps[0, 0, 1, 4] = -1.0  # all negative: still located
    heatmaps[1, 2, 3, 0] = 2.0
    positions, values = heatmap_argmax(heatmaps)
    assert positions.shape == (2, 3, 2) and values.shape == (2, 3)
    assert positions[0, 0].tolist() == [4, 1] and values[0, 0] == -1.0
    assert positions[1, 2].tolist() == [0, 3] and values[1, 2] == 2.0
    t_positions, t_values = heatmap_argmax(torch.from_numpy(heatmaps))
    np.testing.assert_array_equal(t_positions.numpy(), positions)
    np.testing.assert_array_equal(t_values.numpy(), values)


def test_quarter_pixel_moves_towards_higher_neighbour():
    heatmaps = np.zeros((1, 7, 7), np.float32)
    heatmaps[0, 3, 3] = 1.0
    heatmaps[0, 3, 4] = 0.5  # right neighbour higher than left
    heatmaps[0, 2, 3] = 0.5  # upper neighbour higher than lower
    positions, _ = heatmap_argmax(heatmaps)
    refined = refine_quarter_pixel(positions, heatmaps)
    np.testing.assert_allclose(refined, [[3.25, 2.75]])


def test_quarter_pixel_leaves_border_maxima():
    heatmaps = np.zeros((1, 7, 7), np.float32)
    heatmaps[0, 0, 6] = 1.0
    heatmaps[0, 1, 6] = 0.5
    positions, _ = heatmap_argmax(heatmaps)
    np.testing.assert_array_equal(
        refine_quarter_pixel(positions, heatmaps), positions)
