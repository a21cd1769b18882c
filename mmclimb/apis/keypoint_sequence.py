"""A whole sequence of one person's per-frame detections, ready to refine.

Symbols: T frames, K keypoints, H x W heatmap size.

Contract (all in image pixels, frames in order):

- ``keypoints`` (T, K, 2) float32, finite: the detector's positions, gaps
  filled (:func:`~mmclimb.structures.fill_missing_keypoints`);
- ``scores`` (T, K) float32: the detector's confidence, 0 where filled;
- ``missing`` (T, K) bool: True where the input had no position;
- ``bboxes`` (T, 4) float32 x1, y1, x2, y2, optional: the detector's person
  boxes (ClimbAlong input); ``None`` for keypoint-only input, whose boxes
  are derived from the keypoints when a refiner needs them;
- ``heatmaps`` (T, K, H, W), optional: the detector's raw heatmap logits of
  a ClimbAlong input file (memory-mapped, read in blocks when refined);
- ``fps``: the video's frame rate when the input file gives one
  (an ``fps`` array in a ``.npz``), else ``None``;
- ``source``: where it came from, for messages.
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np

__all__ = ['KeypointSequence']


@dataclass
class KeypointSequence:
    """Detections of one person over a video; see the module docstring."""

    keypoints: np.ndarray
    scores: np.ndarray
    missing: np.ndarray
    bboxes: Optional[np.ndarray] = None
    heatmaps: Optional[np.ndarray] = None
    fps: Optional[float] = None
    source: str = '<array>'

    @property
    def num_frames(self) -> int:
        """T."""
        return self.keypoints.shape[0]

    @property
    def num_keypoints(self) -> int:
        """K."""
        return self.keypoints.shape[1]

    @property
    def raw_keypoints(self) -> np.ndarray:
        """The positions as read, NaN where missing, (T, K, 2) float32."""
        return np.where(self.missing[..., None], np.float32(np.nan),
                        self.keypoints)
