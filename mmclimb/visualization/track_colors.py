"""One colour per track, for pictures of several people.

Symbols: P tracks.

Contract: :func:`track_colors` gives (P, 3) uint8 RGB colours from
matplotlib's qualitative ``tab10`` palette, track p taking colour
``p % 10``: the same track number has the same colour in every picture.
"""
import numpy as np
from matplotlib import colormaps

__all__ = ['track_colors']


def track_colors(num_tracks: int) -> np.ndarray:
    """(P, 3) uint8 RGB colours, one per track."""
    palette = colormaps['tab10'].colors  # 10 RGB floats in 0..1
    colors = np.asarray([palette[p % len(palette)] for p in range(num_tracks)],
                        dtype=np.float64).reshape(-1, 3)
    return np.round(colors * 255).astype(np.uint8)
