"""One person box per window, robust to stray keypoints.

Symbols: leading axes ``...`` (e.g. N windows), T frames per window, K
keypoints, (x, y) image pixels.

Contract: :func:`window_boxes` takes keypoints (..., T, K, 2) and returns
boxes (..., 4) ``x1, y1, x2, y2``, one per window:

- each frame's extent is the min/max of its present keypoints (finite, and
  flagged when ``present`` is given);
- the window's centre is the median of the frames' extent centres and its
  side the median of the frames' longer extent sides, times
  ``1 + margin``: a square box, so the normalised coordinates keep the
  image's aspect (noise and motion are isotropic in them);
- a keypoint far off in one frame moves that frame's extent only, and the
  median over frames ignores it (for T >= 3);
- a window without any present keypoint gets a unit box at the origin;
  the side is at least ``min_side`` pixels.

Refiners that normalise by the window box (``WindowPersonBox`` in training,
``refine_sequence`` at inference) see the same box for all frames of a
window, so the box itself adds no jitter to the trajectory.
"""
import warnings
from typing import Optional

import numpy as np

__all__ = ['frame_extents', 'window_boxes']


def frame_extents(keypoints: np.ndarray, present: np.ndarray):
    """Each frame's keypoint box: its centre and its longest side.

    Args:
        keypoints (np.ndarray): (..., T, K, D) finite positions (D = 2 in
            an image, 3 in the world).
        present (np.ndarray): (..., T, K) bool, the keypoints to count.

    Returns:
        tuple: centres (..., T, D) and longest sides (..., T), NaN for a
        frame without a present keypoint.
    """
    inf = np.float64(np.inf)
    low = np.where(present[..., None], keypoints, inf).min(axis=-2)
    high = np.where(present[..., None], keypoints, -inf).max(axis=-2)
    empty = ~present.any(axis=-1)
    low[empty] = np.nan
    high[empty] = np.nan
    return (low + high) / 2, (high - low).max(axis=-1)


def window_boxes(keypoints: np.ndarray,
                 present: Optional[np.ndarray] = None,
                 margin: float = 0.1,
                 min_side: float = 1.0) -> np.ndarray:
    """Square person boxes, one per window.

    Args:
        keypoints (np.ndarray): (..., T, K, 2) image pixels; non-finite
            entries count as absent.
        present (np.ndarray, optional): (..., T, K) flags; > 0 is present.
            Defaults to every finite keypoint.
        margin (float): Relative expansion of the side. Defaults to 0.1.
        min_side (float): Smallest side in pixels. Defaults to 1.0.

    Returns:
        np.ndarray: (..., 4) float32 boxes ``x1, y1, x2, y2``.
    """
    keypoints = np.asarray(keypoints, dtype=np.float64)
    finite = np.isfinite(keypoints).all(axis=-1)
    present = finite if present is None else finite & (
        np.asarray(present) > 0)
    centres, sides = frame_extents(np.where(finite[..., None], keypoints, 0),
                                    present)
    with warnings.catch_warnings():
        # windows without present keypoints: handled below
        warnings.simplefilter('ignore', RuntimeWarning)
        centre = np.nanmedian(centres, axis=-2)  # (..., 2)
        side = np.nanmedian(sides, axis=-1)  # (...,)
    centre = np.where(np.isfinite(centre), centre, 0.0)
    side = np.where(np.isfinite(side), side, 0.0) * (1 + margin)
    half = np.maximum(side, min_side)[..., None] / 2
    return np.concatenate([centre - half, centre + half],
                          axis=-1).astype(np.float32)

