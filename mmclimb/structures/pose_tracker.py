"""Following people from frame to frame: an online pose tracker.

Symbols: n instances (people) in a frame, K keypoints, (x, y) image
pixels; a track is one person over the frames where they were seen.

Method (:class:`PoseTracker`, one :meth:`~PoseTracker.update` per frame):

- each instance's box is the square around its present keypoints
  (:func:`~mmclimb.structures.frame_extents`: centre of the extent, its
  longer side) times ``1 + margin``; an instance without any finite
  keypoint cannot be placed and is left untracked (id -1);
- a live track is compared with its last observation (box and keypoints):
  ``cost = (1 - IoU(boxes)) + mean keypoint distance / side``, the mean
  over the keypoints present in both and ``side`` the track's box side
  (no shared keypoint: no match);
- tracks and instances are matched one to one with the lowest total cost
  (the Hungarian method, ``scipy.optimize.linear_sum_assignment``); a pair
  costing more than ``max_cost`` is not a match;
- an unmatched instance starts a new track (ids 0, 1, 2, ... in order of
  appearance); a track unmatched for more than ``max_gap`` frames in a
  row ends and is never matched again.

With the defaults (``max_cost=1.0``) the same person one frame later (IoU
about 0.8, distance a few percent of their size) costs about 0.25; two
people side by side with overlapping boxes (IoU 0.3, keypoints half a body
apart) cost about 1.2 and are kept apart, also while their boxes overlap.
"""
from typing import Dict, NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment

from .window_box import frame_extents

__all__ = ['PoseTracker']


class _Track(NamedTuple):
    """A track's last observation."""
    last_frame: int
    keypoints: np.ndarray  # (K, 2), NaN where missing
    box: np.ndarray  # (4,) x1, y1, x2, y2


def _boxes(keypoints: np.ndarray, margin: float) -> np.ndarray:
    """(n, 4) square boxes around (n, K, 2) keypoints; NaN rows where an
    instance has no finite keypoint."""
    present = np.isfinite(keypoints).all(axis=-1)
    centre, side = frame_extents(np.nan_to_num(keypoints), present)
    half = np.maximum(side, 1.0)[:, None] * (1 + margin) / 2
    return np.concatenate([centre - half, centre + half], axis=1)


def _area(boxes: np.ndarray) -> np.ndarray:
    """(n,) areas of (n, 4) boxes."""
    return (boxes[:, 2:] - boxes[:, :2]).prod(axis=-1)


def _iou(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """(a, b) IoU of boxes (a, 4) and (b, 4)."""
    low = np.maximum(first[:, None, :2], second[None, :, :2])
    high = np.minimum(first[:, None, 2:], second[None, :, 2:])
    inter = np.clip(high - low, 0, None).prod(axis=-1)
    return inter / (_area(first)[:, None] + _area(second)[None] - inter)


def _distances(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """(a, b) mean distance over keypoints present in both of (a, K, 2)
    and (b, K, 2); inf where none is shared."""
    dist = np.linalg.norm(first[:, None] - second[None], axis=-1)  # (a,b,K)
    shared = np.isfinite(dist)
    count = shared.sum(axis=-1)
    total = np.where(shared, dist, 0).sum(axis=-1)
    with np.errstate(divide='ignore', invalid='ignore'):
        return np.where(count > 0, total / np.maximum(count, 1), np.inf)


class PoseTracker:
    """Assigns track ids to each frame's instances; see the module doc.

    Args:
        max_gap (int): Frames a track may go unseen and still be matched.
            Defaults to 10 (a third of a second at 30 fps).
        max_cost (float): The largest matching cost (see the module doc).
            Defaults to 1.0.
        margin (float): Relative expansion of the keypoint boxes.
            Defaults to 0.1.
    """

    def __init__(self,
                 max_gap: int = 10,
                 max_cost: float = 1.0,
                 margin: float = 0.1):
        if max_gap < 0:
            raise ValueError(f'max_gap must be >= 0, got {max_gap}')
        if max_cost <= 0:
            raise ValueError(f'max_cost must be > 0, got {max_cost}')
        self.max_gap = int(max_gap)
        self.max_cost = float(max_cost)
        self.margin = float(margin)
        self.frame = -1
        self._tracks: Dict[int, _Track] = {}
        self._next_id = 0

    def _live(self) -> list:
        """Ids of the tracks that may still be matched this frame."""
        for track_id in [
                i for i, t in self._tracks.items()
                if self.frame - t.last_frame - 1 > self.max_gap
        ]:
            del self._tracks[track_id]
        return list(self._tracks)

    def _costs(self, live: list, keypoints: np.ndarray,
               boxes: np.ndarray) -> np.ndarray:
        """(tracks, instances) matching costs, inf where impossible."""
        tracks = [self._tracks[i] for i in live]
        track_boxes = np.stack([t.box for t in tracks])
        side = (track_boxes[:, 2] - track_boxes[:, 0])[:, None]
        distance = _distances(np.stack([t.keypoints for t in tracks]),
                              keypoints) / side
        return (1 - _iou(track_boxes, boxes)) + distance

    def update(self, keypoints: np.ndarray) -> np.ndarray:
        """Track the next frame's instances.

        Args:
            keypoints (np.ndarray): (n, K, 2) image pixels of the frame's
                n >= 0 instances, NaN where a keypoint is missing.

        Returns:
            np.ndarray: (n,) int64 track ids, -1 for an instance without
            any finite keypoint.
        """
        keypoints = np.asarray(keypoints, dtype=np.float64)
        self.frame += 1
        ids = np.full(len(keypoints), -1, dtype=np.int64)
        placed = np.flatnonzero(np.isfinite(keypoints).all(-1).any(-1))
        if not len(placed):
            return ids
        boxes = _boxes(keypoints[placed], self.margin)
        live = self._live()
        if live:
            costs = self._costs(live, keypoints[placed], boxes)
            rows, cols = linear_sum_assignment(
                np.where(np.isfinite(costs), costs, 1e9))
            for row, col in zip(rows, cols):
                if costs[row, col] <= self.max_cost:
                    ids[placed[col]] = live[row]
        for number, index in enumerate(placed):
            if ids[index] < 0:
                ids[index] = self._next_id
                self._next_id += 1
            self._tracks[int(ids[index])] = _Track(self.frame,
                                                   keypoints[index],
                                                   boxes[number])
        return ids
