"""The recent frames of a stream of one person's detections.

Symbols: K keypoints, H x W heatmap size, N the frames kept, e the index of
the newest frame; positions in image pixels.

Contract:
    - :meth:`StreamFrames.append` keeps a frame as given: keypoints (K, 2)
      with NaN where missing, scores (K,) (0 where missing), and optionally
      the detector's box (4,) and heatmaps (K, H, W) (ClimbAlong input);
      either every frame has a box / heatmaps or none has.
    - Only the newest N frames are kept. For each keypoint the last
      position seen before them (and its frame) is kept as an anchor, so
      gaps are filled as if the whole past were there.
    - :meth:`StreamFrames.sequence` gives frames ``first .. e`` as a
      :class:`~mmclimb.apis.KeypointSequence`, gaps filled by
      :func:`~mmclimb.structures.fill_missing_keypoints` from what has
      arrived so far (anchors included): between two seen positions
      linearly, after the last one held, before the first one the first
      one held. Nothing later than e is used, so the fill is causal; it may
      differ from the offline fill where a gap is still open at e. ``None``
      while no keypoint has been seen at all.
"""
from collections import deque
from typing import Optional

import numpy as np

from mmclimb.structures import fill_missing_keypoints
from .keypoint_sequence import KeypointSequence

__all__ = ['StreamFrames']


class StreamFrames:
    """A bounded history of raw frames; see the module docstring.

    Args:
        capacity (int): N, the frames kept.
        num_keypoints (int): K.
    """

    def __init__(self, capacity: int, num_keypoints: int):
        self.capacity = int(capacity)
        self.num_keypoints = int(num_keypoints)
        self.num_frames = 0  # frames appended so far (e + 1)
        self._frames = deque(maxlen=self.capacity)
        self._anchor_frame = np.full(num_keypoints, -1, np.int64)
        self._anchor_position = np.full((num_keypoints, 2), np.nan)
        self._with_box: Optional[bool] = None
        self._with_heatmaps: Optional[bool] = None

    @property
    def first(self) -> int:
        """Index of the oldest frame kept."""
        return self.num_frames - len(self._frames)

    def _check_extras(self, bbox, heatmaps) -> None:
        """Boxes / heatmaps in every frame or in none."""
        if self._with_box is None:
            self._with_box = bbox is not None
            self._with_heatmaps = heatmaps is not None
        if (bbox is not None) != self._with_box or \
                (heatmaps is not None) != self._with_heatmaps:
            raise ValueError(
                f'frame {self.num_frames}: give a bbox / heatmaps with every '
                'frame of a stream or with none (the first frame had '
                f'bbox={self._with_box}, heatmaps={self._with_heatmaps})')

    def append(self, keypoints: np.ndarray, scores: np.ndarray,
               bbox: Optional[np.ndarray] = None,
               heatmaps: Optional[np.ndarray] = None) -> None:
        """Keep one frame (shapes in the module docstring)."""
        self._check_extras(bbox, heatmaps)
        if len(self._frames) == self.capacity:
            self._leave(self.first, self._frames[0][0])
        self._frames.append((keypoints, scores, bbox, heatmaps))
        self.num_frames += 1

    def _leave(self, index: int, keypoints: np.ndarray) -> None:
        """The oldest frame leaves: its seen keypoints become anchors."""
        present = np.isfinite(keypoints).all(axis=-1)
        self._anchor_frame[present] = index
        self._anchor_position[present] = keypoints[present]

    def _filled(self, raw: np.ndarray) -> tuple:
        """Fill the kept frames' raw positions (n, K, 2) after the anchors;
        (filled, missing) or None when nothing was ever seen."""
        missing = ~np.isfinite(raw).all(axis=-1)
        if not missing.any():
            return raw.astype(np.float32), missing
        first = self.num_frames - len(raw)
        times = [np.arange(first, self.num_frames)]
        rows = [raw]
        for frame in np.unique(self._anchor_frame[self._anchor_frame >= 0]):
            row = np.full((1, self.num_keypoints, 2), np.nan)
            seen = self._anchor_frame == frame
            row[0, seen] = self._anchor_position[seen]
            rows.insert(len(rows) - 1, row)
            times.insert(len(times) - 1, np.array([frame]))
        if not any(np.isfinite(r).all(axis=-1).any() for r in rows):
            return None
        filled, _ = fill_missing_keypoints(
            np.concatenate(rows), np.concatenate(times))
        return filled[-len(raw):], missing

    def sequence(self, first: int) -> Optional[KeypointSequence]:
        """Frames ``first .. e`` (``first >= self.first``), filled causally.

        Returns:
            KeypointSequence | None: None while nothing was ever seen.
        """
        frames = list(self._frames)
        raw = np.stack([f[0] for f in frames]).astype(np.float64)
        filled = self._filled(raw)
        if filled is None:
            return None
        frames = frames[first - self.first:]
        keypoints, missing = (a[first - self.first:] for a in filled)
        return KeypointSequence(
            keypoints=keypoints,
            scores=np.stack([f[1] for f in frames]).astype(np.float32),
            missing=missing,
            bboxes=np.stack([f[2] for f in frames]).astype(np.float32)
            if self._with_box else None,
            heatmaps=np.stack([f[3] for f in frames])
            if self._with_heatmaps else None,
            source='<stream>')
