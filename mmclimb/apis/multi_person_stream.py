"""Refining every person of a live stream: one per-person stream per track.

Symbols: K keypoints, t a frame of the video, i a frame of one track's
stream; positions in image pixels.

Contract of :class:`MultiPersonStream`:

- a *person stream* is any object with ``push(keypoints (K, 2), scores
  (K,)) -> [(i, keypoints (K, 2), scores (K,)), ...]`` returning the frames
  that became final, and ``flush()`` returning the rest
  (:class:`PersonStream`; :class:`~mmclimb.apis.StreamingRefiner` is one).
  ``stream_factory()`` makes a new one for every track;
- :meth:`~MultiPersonStream.push` takes one video frame's instances
  (MMPose's per-frame ``instances``: dicts with ``keypoints`` (K, 2|3),
  optional ``keypoint_scores`` and ``track_id``) and returns the final
  outputs of all tracks, ``(t, track_id, keypoints, scores)``, oldest
  frame first. Track ids are the instances' ``track_id`` values
  when they have them (all instances or none), else those of a
  :class:`~mmclimb.structures.PoseTracker` (``max_gap``, ``max_cost``);
- every track's stream gets one frame per video frame from the track's
  first appearance on: the person's keypoints, or an all-NaN frame (score
  0) while they are unseen, so each track keeps its stream's lag. Outputs
  of frames without the person are dropped: a frame where a person is
  absent has no output for them;
- a track unseen for more than ``max_gap`` frames ends: its stream is
  flushed and its remaining outputs returned; a person who comes back
  later gets a new stream (and, tracked by mmclimb, a new id);
- :meth:`~MultiPersonStream.flush` ends every track at the end of the
  video;
- each instance's positions go through the input contract before they are
  tracked (:class:`~mmclimb.apis.FrameContract`: (0, 0) placeholders,
  integer sentinels and stray points are missing, score 0), counted in
  :attr:`~MultiPersonStream.rejected` and said in one warning at the flush.
"""
import warnings
from typing import Callable, Dict, Hashable, List, Protocol, Tuple

import numpy as np

from mmclimb.structures import PoseTracker
from .frame_contract import FrameContract
from .sequence_inputs import PredictedInstance, parse_instance
from .track_inputs import given_track_ids

__all__ = ['MultiPersonStream', 'PersonStream']

Frame = Tuple[int, np.ndarray, np.ndarray]
Output = Tuple[int, Hashable, np.ndarray, np.ndarray]


class PersonStream(Protocol):
    """One person's stream of frames (see the module docstring)."""

    def push(self, keypoints, scores=None) -> List[Frame]:
        ...

    def flush(self) -> List[Frame]:
        ...


class _Track:
    """A track's stream and which of its frames had the person."""

    def __init__(self, stream: PersonStream):
        self.stream = stream
        self.pushed = 0  # frames given to the stream
        self.unseen = 0  # video frames in a row without the person
        self.frame_of: Dict[int, int] = {}  # stream frame -> video frame

    def outputs(self, track_id: Hashable, frames: List[Frame]) -> List[Output]:
        """The stream's outputs of frames with the person, as video
        frames."""
        out = []
        for index, keypoints, scores in frames:
            frame = self.frame_of.pop(index, None)
            if frame is not None:
                out.append((frame, track_id, keypoints, scores))
        return out


class MultiPersonStream:
    """Refine every person of a stream of frames; see the module doc.

    Args:
        stream_factory (Callable[[], PersonStream]): Makes one person's
            stream, e.g. ``lambda: StreamingRefiner(refiner, lag=4)``.
        max_gap (int): Frames a person may be unseen and keep their track.
            Defaults to 10.
        max_cost (float): The tracker's largest matching cost (instances
            without ``track_id``). Defaults to 1.0.
    """

    def __init__(self,
                 stream_factory: Callable[[], PersonStream],
                 max_gap: int = 10,
                 max_cost: float = 1.0):
        self.stream_factory = stream_factory
        self.max_gap = int(max_gap)
        self.tracker = PoseTracker(max_gap=max_gap, max_cost=max_cost)
        self.frame = -1
        self._tracks: Dict[Hashable, _Track] = {}
        self._given_ids = None  # True/False once a frame had instances
        self._num_keypoints = None
        self._contract = FrameContract()

    @property
    def rejected(self) -> dict:
        """Positions treated as missing by the input contract so far, per
        rule."""
        return dict(self._contract.rejected)

    def _plausible(self, instance: PredictedInstance) -> PredictedInstance:
        """The instance with what the input contract rejects missing."""
        keypoints = self._contract.check(instance.keypoints)
        missing = np.isnan(keypoints).any(axis=1)
        return instance._replace(keypoints=keypoints,
                                 scores=np.where(missing, 0.0,
                                                 instance.scores))

    def _parse(self, instances) -> List[PredictedInstance]:
        """Check one frame's instances (dicts)."""
        source = '<stream>'
        found = [
            self._plausible(
                parse_instance(source, self.frame, number, instance))
            for number, instance in enumerate(instances)
        ]
        found = [i for i in found if np.isfinite(i.keypoints).any()]
        for instance in found:
            if self._num_keypoints is None:
                self._num_keypoints = len(instance.keypoints)
            if len(instance.keypoints) != self._num_keypoints:
                raise ValueError(
                    f'frame {self.frame}: an instance has '
                    f'{len(instance.keypoints)} keypoints, the stream '
                    f'{self._num_keypoints}')
        return found

    def _ids(self, found: List[PredictedInstance]) -> list:
        """Track ids of the frame's instances."""
        if not found:
            self.tracker.update(np.zeros((0, self._num_keypoints or 0, 2)))
            return []
        given = given_track_ids('<stream>', {self.frame: found})
        if self._given_ids is None:
            self._given_ids = given is not None
        if self._given_ids != (given is not None):
            raise ValueError(
                f'frame {self.frame}: the instances '
                f'{"lack" if self._given_ids else "have"} track_id, those '
                'of earlier frames did not: give every instance a track_id, '
                'or none (then they are tracked)')
        if given is not None:
            return given[self.frame]
        return [int(i) for i in self.tracker.update(
            np.stack([i.keypoints for i in found]))]

    def _end(self, track_id: Hashable) -> List[Output]:
        """Flush a track's stream and forget it."""
        track = self._tracks.pop(track_id)
        return track.outputs(track_id, track.stream.flush())

    def push(self, instances) -> List[Output]:
        """Add the next video frame's instances.

        Args:
            instances (list[dict]): MMPose-style instances of the frame
                (an empty list when nobody is in it).

        Returns:
            list[tuple]: ``(t, track_id, keypoints (K, 2), scores (K,))``
            of every track's frames that became final.
        """
        self.frame += 1
        found = self._parse(instances)
        seen = dict(zip(self._ids(found), found))
        out = []
        for track_id, track in list(self._tracks.items()):
            if track_id not in seen:
                track.unseen += 1
                if track.unseen > self.max_gap:
                    out += self._end(track_id)
                    continue
                nan = np.full((self._num_keypoints, 2), np.nan, np.float32)
                out += self._push(track_id, nan,
                                  np.zeros(self._num_keypoints, np.float32),
                                  present=False)
        for track_id, instance in seen.items():
            if track_id not in self._tracks:
                self._tracks[track_id] = _Track(self.stream_factory())
            self._tracks[track_id].unseen = 0
            out += self._push(track_id, instance.keypoints.astype(np.float32),
                              instance.scores.astype(np.float32),
                              present=True)
        return sorted(out, key=lambda o: o[0])

    def _push(self, track_id: Hashable, keypoints: np.ndarray,
              scores: np.ndarray, present: bool) -> List[Output]:
        track = self._tracks[track_id]
        if present:
            track.frame_of[track.pushed] = self.frame
        track.pushed += 1
        return track.outputs(track_id, track.stream.push(keypoints, scores))

    def flush(self) -> List[Output]:
        """End the video: every track's remaining outputs."""
        out = []
        for track_id in list(self._tracks):
            out += self._end(track_id)
        summary = self._contract.summary()
        if summary is not None:
            warnings.warn(summary)
        return sorted(out, key=lambda o: o[0])
