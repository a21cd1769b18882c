"""Every person of a video, one track each: the multi-person sequence.

Symbols: T frames, P tracks (people), K keypoints; positions in image
pixels.

Contract of :class:`PersonTracks`:

- ``keypoints`` (T, P, K, 2) float32: NaN where the person is absent from
  the frame or a keypoint is missing;
- ``scores`` (T, P, K) float32, 0 where absent;
- ``present`` (T, P) bool: the person is in the frame (an instance);
- ``track_ids``: P ids (the input's ``track_id`` or the tracker's), in
  order of first appearance;
- ``fps`` and ``source`` as in :class:`KeypointSequence`.

A track is refined in *segments* (:meth:`PersonTracks.segments`): runs of
frames from one appearance to the next absence longer than ``max_gap``
frames. Inside a segment a person's short absences and missing keypoints
are filled in time (:func:`~mmclimb.structures.fill_missing_keypoints`)
so that the refiner sees a whole window; :meth:`PersonTracks.segment_sequence`
gives all segments as one concatenated :class:`KeypointSequence` (windows
are cut per segment, never across two). Refined outputs are kept only
where ``present``: nothing is written for a frame without the person.
"""
import warnings
from dataclasses import dataclass
from typing import Hashable, List, NamedTuple, Optional

import numpy as np

from mmclimb.structures import fill_missing_keypoints
from .keypoint_sequence import KeypointSequence

__all__ = ['PersonTracks', 'TrackSegment']


class TrackSegment(NamedTuple):
    """Frames ``start:stop`` of track number ``track`` (a column)."""
    track: int
    start: int
    stop: int

    @property
    def num_frames(self) -> int:
        """``stop - start``."""
        return self.stop - self.start


@dataclass
class PersonTracks:
    """Detections of every person over a video; see the module docstring."""

    keypoints: np.ndarray
    scores: np.ndarray
    present: np.ndarray
    track_ids: List[Hashable]
    fps: Optional[float] = None
    source: str = '<array>'

    @property
    def num_frames(self) -> int:
        """T."""
        return self.keypoints.shape[0]

    @property
    def num_tracks(self) -> int:
        """P."""
        return self.keypoints.shape[1]

    @property
    def num_keypoints(self) -> int:
        """K."""
        return self.keypoints.shape[2]

    @property
    def missing(self) -> np.ndarray:
        """(T, P, K) bool: keypoints missing in frames with the person."""
        return self.present[..., None] & ~np.isfinite(self.keypoints).all(-1)

    def segments(self, max_gap: int) -> List[TrackSegment]:
        """Every track's runs of frames, split at absences longer than
        ``max_gap`` frames; in track order, then in time."""
        segments = []
        for track in range(self.num_tracks):
            frames = np.flatnonzero(self.present[:, track])
            if not len(frames):
                continue
            breaks = np.flatnonzero(np.diff(frames) - 1 > max_gap)
            starts = np.concatenate([frames[:1], frames[breaks + 1]])
            stops = np.concatenate([frames[breaks], frames[-1:]]) + 1
            segments += [
                TrackSegment(track, int(a), int(b))
                for a, b in zip(starts, stops)
            ]
        return segments

    def segment_sequence(self,
                         segments: List[TrackSegment]) -> KeypointSequence:
        """The segments' detections, gaps filled, end to end.

        Args:
            segments (list[TrackSegment]): From :meth:`segments`.

        Returns:
            KeypointSequence: ``sum(segment.num_frames)`` frames; filled
            positions are ``missing`` and have score 0. One warning counts
            what was filled.
        """
        keypoints, scores, missing = [], [], []
        for track, start, stop in segments:
            filled, gaps = fill_missing_keypoints(
                self.keypoints[start:stop, track])
            keypoints.append(filled)
            missing.append(gaps)
            scores.append(
                np.where(gaps, 0, self.scores[start:stop, track]))
        missing = np.concatenate(missing)
        if missing.any():
            frames = int(missing.all(axis=1).sum())
            warnings.warn(
                f'{self.source}: {int(missing.sum())} missing keypoint '
                f'positions ({frames} frames inside tracks without their '
                'person) filled by linear interpolation in time for '
                'refining; frames without the person get no output')
        return KeypointSequence(
            keypoints=np.concatenate(keypoints),
            scores=np.concatenate(scores).astype(np.float32),
            missing=missing,
            fps=self.fps,
            source=self.source)

    def with_outputs(self, segments: List[TrackSegment],
                     keypoints: List[np.ndarray],
                     scores: List[np.ndarray]) -> 'PersonTracks':
        """New tracks with refined segment outputs where ``present``.

        Args:
            segments (list[TrackSegment]): The refined segments.
            keypoints (list[np.ndarray]): (n, K, 2) per segment.
            scores (list[np.ndarray]): (n, K) per segment.

        Returns:
            PersonTracks: The same ids, frames and ``present``; NaN
            keypoints and 0 scores where a person is absent.
        """
        out = np.full(self.keypoints.shape, np.nan, dtype=np.float32)
        out_scores = np.zeros(self.scores.shape, dtype=np.float32)
        for (track, start, stop), kpts, kpt_scores in zip(
                segments, keypoints, scores):
            out[start:stop, track] = kpts
            out_scores[start:stop, track] = kpt_scores
        absent = ~self.present
        out[absent] = np.nan
        out_scores[absent] = 0
        return PersonTracks(out, out_scores, self.present.copy(),
                            list(self.track_ids), self.fps, self.source)
