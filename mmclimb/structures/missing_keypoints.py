"""Filling missing keypoints of a sequence.

Symbols: T frames, K keypoints. A keypoint is *missing* in a frame when
either of its coordinates is not finite (NaN, inf): a detector that found
nobody in a frame gives a whole missing frame.

Contract: :func:`fill_missing_keypoints` takes (T, K, 2) image pixels with
missing entries and returns finite (T, K, 2) float32 positions and the
(T, K) bool mask of what was filled:

- between two frames where the keypoint is present: linear interpolation
  in time;
- before the first / after the last present frame: that frame's position
  (edge hold);
- a keypoint missing in every frame: the mean of the frame's other
  keypoints (after their filling).

Every frame needs at least one keypoint present somewhere in the sequence;
otherwise there is nothing to fill from and a ``ValueError`` is raised.

Optional ``times`` (T,) give each row's frame number when the rows are not
consecutive frames (a stream's recent frames after a few older anchor rows,
:mod:`mmclimb.apis.stream_frames`): the interpolation weights follow them.
"""
from typing import Optional, Tuple

import numpy as np

__all__ = ['fill_missing_keypoints']


def _neighbour_frames(present: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Previous and next present frame for every (t, k), (T, K) each;
    -1 / T where there is none."""
    num_frames = present.shape[0]
    frames = np.arange(num_frames)[:, None]
    previous = np.maximum.accumulate(np.where(present, frames, -1), axis=0)
    following = np.where(present, frames, num_frames)
    following = np.minimum.accumulate(following[::-1], axis=0)[::-1]
    return previous, following


def _interpolate(keypoints: np.ndarray, present: np.ndarray,
                 times: np.ndarray) -> np.ndarray:
    """Linear interpolation with edge hold, for keypoints present at least
    once; other keypoints stay NaN."""
    num_frames = keypoints.shape[0]
    previous, following = _neighbour_frames(present)
    # edge hold: no frame before -> take the next one, and vice versa
    before = np.where(previous < 0, following, previous)
    after = np.where(following >= num_frames, before, following)
    before = np.clip(before, 0, num_frames - 1)
    after = np.clip(after, 0, num_frames - 1)
    span = np.maximum(times[after] - times[before], 1)
    weight = (times[:, None] - times[before]) / span
    weight = np.clip(weight, 0, 1)[..., None]
    columns = np.arange(keypoints.shape[1])[None, :]
    start = keypoints[before, columns]
    end = keypoints[after, columns]
    filled = start + weight * (end - start)
    filled[present] = keypoints[present]
    return filled


def fill_missing_keypoints(keypoints: np.ndarray,
                           times: Optional[np.ndarray] = None
                           ) -> Tuple[np.ndarray, np.ndarray]:
    """Fill missing keypoints in time.

    Args:
        keypoints (np.ndarray): (T, K, 2) positions, NaN/inf where missing.
        times (np.ndarray, optional): (T,) increasing frame numbers of the
            rows; defaults to ``0 .. T-1``.

    Returns:
        tuple: filled positions (T, K, 2) float32 and the mask (T, K) bool,
        True where a position was filled.

    Raises:
        ValueError: No keypoint is present in any frame.
    """
    keypoints = np.asarray(keypoints, dtype=np.float64)
    present = np.isfinite(keypoints).all(axis=-1)
    if not present.any():
        raise ValueError('no keypoint is present (finite) in any frame')
    if present.all():
        return keypoints.astype(np.float32), ~present
    if times is None:
        times = np.arange(len(keypoints))
    filled = _interpolate(np.where(present[..., None], keypoints, 0.0),
                          present, np.asarray(times, dtype=np.float64))
    never = ~present.any(axis=0)
    if never.any():
        centre = filled[:, ~never].mean(axis=1)  # (T, 2)
        filled[:, never] = centre[:, None]
    return filled.astype(np.float32), ~present
