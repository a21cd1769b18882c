"""The input contract of one person's keypoints, one frame at a time.

Symbols: K keypoints, (x, y) image pixels.

:class:`FrameContract` treats as missing, in a stream of frames, what
:func:`~mmclimb.apis.load_sequence` treats as missing in a whole file
(README "The input contract"; :func:`~mmclimb.structures.
implausible_keypoints`): NaN / inf positions, exact (0, 0) placeholders,
an integer array's sentinels and points far from the rest of their frame.
The ``far`` rule's sequence radius is the median of the person radii of
the last ``history`` frames with three or more points (offline: of the
whole file), so a stream rejects what the file would, up to that median.

:meth:`FrameContract.check` returns the frame's positions (K, 2) float64,
NaN where missing, and counts what it rejected by rule (:attr:`rejected`);
:meth:`FrameContract.summary` is the one line a stream warns with at its
end.
"""
from collections import deque
from typing import Dict, Optional

import numpy as np

from mmclimb.structures import implausible_keypoints, keypoint_radii
from .sequence_inputs import REJECTED_NAMES, rejected_kinds

__all__ = ['FrameContract']


class FrameContract:
    """Apply the input contract frame by frame; see the module docstring.

    Args:
        history (int): Frames whose person radii give the ``far`` rule's
            sequence radius. Defaults to 300 (10 s at 30 fps).
    """

    def __init__(self, history: int = 300):
        self._radii = deque(maxlen=int(history))
        self.rejected: Dict[str, int] = {name: 0 for name in REJECTED_NAMES}

    def _sequence_radius(self) -> Optional[float]:
        """The median radius of the recent frames (None before any)."""
        return float(np.median(self._radii)) if self._radii else None

    def check(self, keypoints: np.ndarray) -> np.ndarray:
        """One frame's positions, what the contract rejects made NaN.

        Args:
            keypoints (np.ndarray): (K, 2) positions as given (an integer
                dtype enables the sentinel rule).

        Returns:
            np.ndarray: (K, 2) float64, NaN where missing.
        """
        positions = np.asarray(keypoints, dtype=np.float64).copy()
        positions[~np.isfinite(positions).all(axis=1)] = np.nan
        masks = implausible_keypoints(
            np.asarray(keypoints)[None],
            sequence_radius=self._sequence_radius())
        for name, mask in masks.items():
            self.rejected[name] += int(mask.sum())
            positions[mask[0]] = np.nan
        radius = keypoint_radii(positions[None])[0]
        if np.isfinite(radius):
            self._radii.append(float(radius))
        return positions

    def summary(self, source: str = '<stream>') -> Optional[str]:
        """The warning for what was rejected so far, None if nothing."""
        kinds = rejected_kinds(self.rejected)
        if not kinds:
            return None
        total = sum(self.rejected.values())
        return (f'{source}: {total} keypoint positions treated as missing '
                f'({", ".join(kinds)}); they were filled from the frames '
                'around them and got score 0')
