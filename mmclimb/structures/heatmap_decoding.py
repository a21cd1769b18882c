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

__all__ = ['heatmap_argmax', 'refine_gaussian_peak', 'refine_quarter_pixel']


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


def _log_parabola_offset(left: torch.Tensor, centre: torch.Tensor,
                         right: torch.Tensor) -> torch.Tensor:
    """Vertex of the parabola through three log values, in [-0.5, 0.5];
    0 where the log values are not concave."""
    curvature = left - 2 * centre + right
    offset = 0.5 * (left - right) / curvature.clamp(max=-1e-6)
    return torch.where(curvature < 0, offset.clamp(-0.5, 0.5),
                       torch.zeros_like(offset))


def refine_gaussian_peak(positions, heatmaps, eps: float = 1e-6):
    """Sub-pixel maxima: the vertex of a parabola through the log values.

    A Gaussian peak is a parabola in log space, so along each axis the
    vertex of the parabola through the logs of the maximum and its two
    neighbours is the exact centre of a sampled Gaussian (the
    Taylor-expansion step of DARK decoding, separable form). Values are
    clamped to ``eps`` before the log; along an axis where the maximum sits
    on the border, or the logs are not concave, the position is kept.

    Args:
        positions (np.ndarray | Tensor): (..., K, 2) integer (u, v) from
            :func:`heatmap_argmax`.
        heatmaps (np.ndarray | Tensor): (..., K, H, W).
        eps (float): Floor of the values before the log. Defaults to 1e-6.

    Returns:
        np.ndarray | Tensor: (..., K, 2) refined positions, of the type of
        ``positions``.
    """
    as_numpy = isinstance(positions, np.ndarray)
    pos = torch.as_tensor(positions)
    maps = torch.as_tensor(heatmaps).to(torch.float32)
    height, width = maps.shape[-2:]
    logs = maps.clamp(min=eps).log().flatten(-2)
    u = pos[..., 0].long()
    v = pos[..., 1].long()

    def log_at(du: int, dv: int) -> torch.Tensor:
        index = (v + dv).clamp(0, height - 1) * width + (u + du).clamp(
            0, width - 1)
        return logs.gather(-1, index[..., None])[..., 0]

    centre = log_at(0, 0)
    du = _log_parabola_offset(log_at(-1, 0), centre, log_at(1, 0))
    dv = _log_parabola_offset(log_at(0, -1), centre, log_at(0, 1))
    du = torch.where((u > 0) & (u < width - 1), du, torch.zeros_like(du))
    dv = torch.where((v > 0) & (v < height - 1), dv, torch.zeros_like(dv))
    refined = pos.to(torch.float32) + torch.stack([du, dv], dim=-1)
    if as_numpy:
        floating = np.issubdtype(positions.dtype, np.floating)
        return refined.numpy().astype(
            positions.dtype if floating else np.float32)
    return refined.to(pos.dtype if pos.is_floating_point() else torch.float32)
