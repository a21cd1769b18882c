"""Rounding heatmap coordinates to the grid."""
import numpy as np

from mmclimb.evaluation.functional import snap_to_grid


def test_rounds_to_nearest_with_halves_up():
    coords = np.array([[2.4, 2.5], [3.5, 3.6], [7.0, 0.49]])
    np.testing.assert_array_equal(
        snap_to_grid(coords, (56, 56)), [[2, 3], [4, 4], [7, 0]])


def test_clips_to_each_axis_of_the_grid():
    coords = np.array([[-0.6, -3.0], [70.0, 70.0], [47.6, 31.4]])
    # W = 48 columns (u), H = 32 rows (v)
    np.testing.assert_array_equal(
        snap_to_grid(coords, (48, 32)), [[0, 0], [47, 31], [47, 31]])


def test_integer_positions_unchanged_for_any_leading_shape():
    coords = np.arange(2 * 3 * 4 * 2).reshape(2, 3, 4, 2) % 56
    snapped = snap_to_grid(coords, (56, 56))
    assert snapped.shape == coords.shape
    np.testing.assert_array_equal(snapped, coords)
