"""Integer heatmap positions for the thesis metric.

Symbols: leading axes ``...`` (e.g. N, T, K), (u, v) heatmap coordinates
with pixel centres at integers ``0..W-1`` and ``0..H-1``
(``docs/climbalong_format.md``).

The thesis scores integer positions: the argmax of a heatmap, or a
coordinate prediction rounded to the nearest integer and clipped to the
grid. Halves round up (``floor(u + 0.5)``), the rule MMPose's MSRA codec
uses to place the peak of a target heatmap, so that the rounded ground truth
is exactly the argmax of its rendered target.
"""
from typing import Sequence

import numpy as np

from mmclimb.structures import clip_to_heatmap

__all__ = ['snap_to_grid']


def snap_to_grid(coords: np.ndarray,
                 heatmap_size: Sequence[int]) -> np.ndarray:
    """Round heatmap coordinates to the nearest pixel centre on the grid.

    Args:
        coords (np.ndarray): (..., 2) heatmap coordinates (u, v).
        heatmap_size (Sequence[int]): (W, H) of the heatmap.

    Returns:
        np.ndarray: (..., 2) float64 integer-valued positions in
        ``[0, W-1] x [0, H-1]``; halves round up.
    """
    rounded = np.floor(np.asarray(coords, dtype=np.float64) + 0.5)
    return clip_to_heatmap(rounded, heatmap_size)
