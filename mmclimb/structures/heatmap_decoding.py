"""Keypoint positions from heatmaps.

Symbols: leading axes ``...`` (e.g. B, T), K keypoints, H x W heatmaps.
Positions are ``(u, v)`` heatmap coordinates (column, row), as in
:mod:`mmclimb.structures.box_heatmap_coords`.

Unlike MMPose's ``get_heatmap_maximum``, the argmax here is returned for
every channel, also when its maximum is not positive (raw detector logits
are negative almost everywhere); the value tells the caller how confident
the peak is.
"""
import numpy as np
import torch

__all__ = ['heatmap_argmax', 'refine_quarter_pixel']


def heatmap_argmax(heatmaps):
    """Integer position and value of each channel's maximum.

    Args:
        heatmaps (np.ndarray | Tensor): (..., K, H, W).

    Returns:
        tuple: positions (..., K, 2) as float (u, v) and values (..., K), of
        the same array type as ``heatmaps``.
    """
    width = heatmaps.shape[-1]
    flat = heatmaps.reshape(*heatmaps.shape[:-2], -1)
    if isinstance(heatmaps, torch.Tensor):
        values, index = flat.max(dim=-1)
        positions = torch.stack(
            [index % width, torch.div(index, width, rounding_mode='floor')],
            dim=-1).to(heatmaps.dtype)
        return positions, values
    index = flat.argmax(axis=-1)
    values = np.take_along_axis(flat, index[..., None], axis=-1)[..., 0]
    positions = np.stack([index % width, index // width],
                         axis=-1).astype(np.float32)
    return positions, values


def refine_quarter_pixel(positions: np.ndarray,
                         heatmaps: np.ndarray) -> np.ndarray:
    """Shift integer maxima a quarter pixel towards the higher neighbour.

    The classic sub-pixel step of SimpleBaseline/MSRA decoding, vectorised.
    Along an axis where the maximum sits on the border it is not shifted.

    Args:
        positions (np.ndarray): (..., K, 2) integer (u, v) from
            :func:`heatmap_argmax`.
        heatmaps (np.ndarray): (..., K, H, W).

    Returns:
        np.ndarray: (..., K, 2) refined positions (a new array).
    """
    height, width = heatmaps.shape[-2:]
    flat = heatmaps.reshape(*heatmaps.shape[:-2], -1)
    u = positions[..., 0].astype(np.int64)
    v = positions[..., 1].astype(np.int64)

    def value_at(du, dv):
        index = np.clip(v + dv, 0, height - 1) * width + np.clip(
            u + du, 0, width - 1)
        return np.take_along_axis(flat, index[..., None], axis=-1)[..., 0]

    inner_u = (u > 0) & (u < width - 1)
    inner_v = (v > 0) & (v < height - 1)
    du = np.where(inner_u, np.sign(value_at(1, 0) - value_at(-1, 0)), 0)
    dv = np.where(inner_v, np.sign(value_at(0, 1) - value_at(0, -1)), 0)
    return positions + 0.25 * np.stack([du, dv], axis=-1).astype(
        positions.dtype)
