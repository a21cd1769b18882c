"""Keypoint positions that cannot be a detection, treated as missing.

Symbols: T frames, K keypoints, (x, y) image pixels.

Contract: :func:`implausible_keypoints` takes positions (T, K, 2) and
returns, per rule, a (T, K) bool mask of the finite positions it rejects
(each position counted under the first rule that rejects it):

- ``placeholder``: exactly (0, 0), the COCO / MMPose convention for a point
  that was not detected or not labelled (a real detection exactly on the
  image's corner pixel is not told apart, and is dropped too);
- ``sentinel``, for integer input only (its coordinates index pixels): a
  negative coordinate (``-1``) or the dtype's smallest or largest value
  (``iinfo.min``, ``iinfo.max``);
- ``far``: farther from its frame's centre than ``far_factor`` (8) times the
  person's radius. The centre is the per-axis median of the frame's accepted
  points, the radius the larger of the frame's own (the median distance of
  its points from that centre) and the sequence's (the median of the radii
  of the frames with three or more points). For a standing person the radius is about a
  quarter of the height, so a point is far when it is about two body
  heights from the body's middle: no limb reaches there, and the rule does
  not depend on the person's size, orientation or place in the image. Up
  to half of a frame's points may be stray; a frame with fewer than three
  points is judged by the sequence's radius alone (two points far apart
  are then both dropped: which one strays cannot be told).

The rule only looks at positions; what it rejects is filled like any
missing position (:func:`~mmclimb.structures.fill_missing_keypoints`).
"""
import warnings
from typing import Dict, Optional

import numpy as np

__all__ = ['FAR_FACTOR', 'implausible_keypoints', 'keypoint_radii']

#: a point farther than this many person radii from its frame's centre is
#: not a detection of that person
FAR_FACTOR = 8.0


def _sentinels(keypoints: np.ndarray) -> np.ndarray:
    """(T, K) integer sentinels: negative or at the dtype's limits."""
    info = np.iinfo(keypoints.dtype)
    return ((keypoints < 0) | (keypoints == info.min)
            | (keypoints == info.max)).any(axis=-1)


def _frame_radii(points: np.ndarray, accepted: np.ndarray) -> tuple:
    """Each frame's centre (T, 1, 2), the points' distances from it (T, K)
    and its radius (T,), NaN for a frame with fewer than three points."""
    points = np.where(accepted[..., None], points, np.nan)
    with warnings.catch_warnings():
        # frames without accepted points: all-NaN medians, handled below
        warnings.simplefilter('ignore', RuntimeWarning)
        centre = np.nanmedian(points, axis=1, keepdims=True)  # (T, 1, 2)
        distance = np.linalg.norm(points - centre, axis=-1)  # (T, K)
        frame_radius = np.nanmedian(distance, axis=1)  # (T,)
    frame_radius[accepted.sum(axis=1) < 3] = np.nan
    return centre, distance, frame_radius


def _far(positions: np.ndarray, accepted: np.ndarray, far_factor: float,
         sequence_radius: Optional[float]) -> np.ndarray:
    """(T, K) accepted points far from the rest of their frame."""
    _, distance, frame_radius = _frame_radii(positions, accepted)
    if sequence_radius is None:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)
            sequence_radius = np.nanmedian(frame_radius)
    if not np.isfinite(sequence_radius):
        return np.zeros(accepted.shape, bool)
    radius = np.fmax(frame_radius, sequence_radius)
    radius = np.maximum(np.nan_to_num(radius, nan=0.0), 1.0)
    return accepted & (distance > far_factor * radius[:, None])


def keypoint_radii(keypoints: np.ndarray) -> np.ndarray:
    """Each frame's person radius as the ``far`` rule measures it.

    Args:
        keypoints (np.ndarray): (T, K, 2) positions, non-finite where
            missing.

    Returns:
        np.ndarray: (T,) the median distance of the frame's finite points
        from their per-axis median; NaN for a frame with fewer than three.
    """
    positions = np.asarray(keypoints, dtype=np.float64)
    return _frame_radii(positions, np.isfinite(positions).all(axis=-1))[2]


def implausible_keypoints(keypoints: np.ndarray,
                          far_factor: float = FAR_FACTOR,
                          sequence_radius: Optional[float] = None
                          ) -> Dict[str, np.ndarray]:
    """Masks of the positions the input contract treats as missing.

    Args:
        keypoints (np.ndarray): (T, K, 2) positions as given (an integer
            dtype enables the sentinel rule); non-finite ones are ignored.
        far_factor (float): Person radii beyond which a point is far.
            Defaults to :data:`FAR_FACTOR`.
        sequence_radius (float, optional): The sequence's radius, for a
            caller that sees the frames one by one (a stream: the median of
            the radii of the frames so far, :func:`keypoint_radii`);
            defaults to the median over these frames.

    Returns:
        dict: ``placeholder``, ``sentinel`` and ``far``, each (T, K) bool,
        disjoint, False where the position is not finite.
    """
    keypoints = np.asarray(keypoints)
    positions = keypoints.astype(np.float64)
    accepted = np.isfinite(positions).all(axis=-1)
    placeholder = accepted & (positions == 0).all(axis=-1)
    accepted &= ~placeholder
    sentinel = np.zeros_like(accepted)
    if np.issubdtype(keypoints.dtype, np.integer):
        sentinel = accepted & _sentinels(keypoints)
        accepted &= ~sentinel
    far = _far(positions, accepted, far_factor, sequence_radius)
    return dict(placeholder=placeholder, sentinel=sentinel, far=far)
