"""Moving keypoints between image pixels and a box's heatmap frame.

Symbols: K keypoints, H x W heatmap size, (x, y) image pixels, (u, v)
heatmap coordinates, box = (x1, y1, x2, y2) with w = x2 - x1, h = y2 - y1.
The heatmap covers the box resized to a W x H square; heatmap pixel centres
sit at integers (``docs/climbalong_format.md``)::

    u = (x - x1) * W / w - 0.5        x = x1 + (u + 0.5) * w / W
    v = (y - y1) * H / h - 0.5        y = y1 + (v + 0.5) * h / H

Both functions broadcast over leading axes and accept numpy arrays or torch
tensors (keypoints (..., K, 2) with boxes (..., 4)).
"""
from typing import Sequence

import numpy as np

__all__ = ['image_to_heatmap', 'heatmap_to_image', 'clip_to_heatmap']


def _box_origin_and_scale(bboxes, heatmap_size: Sequence[int]):
    """Box corners (..., 1, 2) and image pixels per heatmap pixel."""
    origin = bboxes[..., None, 0:2]
    extent = bboxes[..., None, 2:4] - origin
    size = np.asarray(heatmap_size, dtype=np.float32)
    if not isinstance(bboxes, np.ndarray):  # a torch tensor
        size = bboxes.new_tensor(size)
    return origin, extent / size


def image_to_heatmap(keypoints, bboxes, heatmap_size: Sequence[int]):
    """Image pixels -> heatmap coordinates of each frame's box.

    Args:
        keypoints (np.ndarray | Tensor): (..., K, 2) image pixels.
        bboxes (np.ndarray | Tensor): (..., 4) x1, y1, x2, y2.
        heatmap_size (tuple[int, int]): (W, H).

    Returns:
        Same type as ``keypoints``: (..., K, 2) heatmap coordinates, not
        clipped.
    """
    origin, pixel = _box_origin_and_scale(bboxes, heatmap_size)
    return (keypoints - origin) / pixel - 0.5


def heatmap_to_image(keypoints, bboxes, heatmap_size: Sequence[int]):
    """Heatmap coordinates of each frame's box -> image pixels.

    Args:
        keypoints (np.ndarray | Tensor): (..., K, 2) heatmap coordinates.
        bboxes (np.ndarray | Tensor): (..., 4) x1, y1, x2, y2.
        heatmap_size (tuple[int, int]): (W, H).

    Returns:
        Same type as ``keypoints``: (..., K, 2) image pixels.
    """
    origin, pixel = _box_origin_and_scale(bboxes, heatmap_size)
    return origin + (keypoints + 0.5) * pixel


def clip_to_heatmap(keypoints, heatmap_size: Sequence[int]):
    """Clip heatmap coordinates (..., K, 2) to ``[0, W-1] x [0, H-1]``."""
    width, height = heatmap_size
    if isinstance(keypoints, np.ndarray):
        return np.clip(keypoints, 0, [width - 1, height - 1])
    upper = keypoints.new_tensor([width - 1, height - 1])
    return keypoints.clamp(min=0).minimum(upper)
