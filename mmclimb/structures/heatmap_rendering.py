"""Gaussian peaks rendered on a heatmap grid.

Symbols: leading axes ``...`` (e.g. T frames), K keypoints, H x W heatmap,
(u, v) heatmap coordinates (column, row) as in
:mod:`mmclimb.structures.box_heatmap_coords`.

Contract: :func:`render_gaussians` returns ``exp(-((u - u_k)^2 + (v -
v_k)^2) / (2 sigma^2))`` for every grid point, peak value 1 at the given
(possibly fractional) centre, float32 (..., K, H, W). Rounding the centres
first gives the thesis's peaks on integer positions.
:func:`gaussian_sums` returns the grid sum of those heatmaps (..., K)
float32 without rendering them (the normaliser of a sum-1 heatmap).
"""
from typing import Sequence, Union

import numpy as np

__all__ = ['render_gaussians', 'gaussian_sums']


def render_gaussians(positions: np.ndarray, sigma: Union[float, np.ndarray],
                     heatmap_size: Sequence[int]) -> np.ndarray:
    """Gaussian blobs centred on ``positions``, vectorised.

    Args:
        positions (np.ndarray): (..., K, 2) heatmap coordinates.
        sigma (float | np.ndarray): The std in heatmap pixels, one value or
            (..., K) per peak.
        heatmap_size (tuple[int, int]): (W, H).

    Returns:
        np.ndarray: (..., K, H, W) float32.
    """
    row, col = _profiles(positions, sigma, heatmap_size)
    return (col[..., :, None] * row[..., None, :]).astype(np.float32)


def gaussian_sums(positions: np.ndarray, sigma: Union[float, np.ndarray],
                  heatmap_size: Sequence[int]) -> np.ndarray:
    """The grid sum of each :func:`render_gaussians` heatmap.

    Args:
        positions (np.ndarray): (..., K, 2) heatmap coordinates.
        sigma (float | np.ndarray): One value or (..., K).
        heatmap_size (tuple[int, int]): (W, H).

    Returns:
        np.ndarray: (..., K) float32, the product of the column and row
        profile sums (the heatmap is their outer product).
    """
    row, col = _profiles(positions, sigma, heatmap_size)
    return (row.sum(axis=-1) * col.sum(axis=-1)).astype(np.float32)


def _profiles(positions: np.ndarray, sigma: Union[float, np.ndarray],
              heatmap_size: Sequence[int]):
    """The separable factors: rows (..., K, W) and columns (..., K, H)."""
    width, height = heatmap_size
    positions = np.asarray(positions, dtype=np.float32)
    du = np.arange(width, dtype=np.float32) - positions[..., 0, None]
    dv = np.arange(height, dtype=np.float32) - positions[..., 1, None]
    inv = 1.0 / (2.0 * np.square(np.asarray(sigma, dtype=np.float32)))
    inv = np.broadcast_to(inv, positions.shape[:-1])[..., None]
    # separable: exp(-du^2 / 2s^2) outer exp(-dv^2 / 2s^2)
    return np.exp(-du**2 * inv), np.exp(-dv**2 * inv)
