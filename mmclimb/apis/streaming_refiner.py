"""Refining one person's keypoints live, with a bounded lag.

Symbols: K keypoints, L the lag in frames, e the newest frame, t a frame;
positions in image pixels.

Contract of :class:`StreamingRefiner`:

- :meth:`~StreamingRefiner.push` takes one frame, keypoints (K, 2) or
  (K, 3) (third channel: score) with NaN for missing points and optional
  scores (K,), and returns the frames that became final, a list of
  ``(t, keypoints (K, 2) float32, scores (K,) float32)``: frame t is final
  once frame t + L has arrived, so one frame per push after the first L.
  :meth:`~StreamingRefiner.flush` returns the remaining frames at the end
  of the video; the stream then takes no more frames.
- Frame t's output depends on no frame later than t + L and never changes
  after it was returned. Missing points are filled from the frames so far
  (:mod:`~mmclimb.apis.stream_frames`) and get score 0. What the input
  contract treats as missing in a file ((0, 0) placeholders, integer
  sentinels, points far from the rest of their frame) is missing here too
  (:class:`~mmclimb.apis.FrameContract`), counted in :attr:`rejected` and
  said in one warning when the stream is flushed.
- Learned refiners combine the windows that hold frame t weighted by how
  many frames after t each saw (``window_weighting='future'``; the plain
  mean with ``'uniform'``); at the full lag as ``refine_sequence`` does
  (the refiner's ``inference_window_weighting``).
- Constant work per frame: learned refiners (and the Identity) run one
  window per frame (:mod:`~mmclimb.apis.window_stream`), the filters a few
  frames' worth (:mod:`~mmclimb.apis.filter_streams`); nothing is refined
  twice.
- ``0 <= L <= max_lag``: W - 1 for a refiner of W-frame windows and the
  Savitzky-Golay filter, the kernel radius for the Gaussian filter, 0 for
  the (causal) One-Euro filter. At ``L = max_lag`` the output equals
  :func:`~mmclimb.apis.refine_sequence` with stride 1 (for the One-Euro
  filter: while the person-box size is steady) on inputs without gaps,
  also across a change of person.
- A frame output while no keypoint has been seen yet is NaN with score 0.
- Where the keypoints change person (``split_persons``, as in
  ``refine_sequence``: the online
  :class:`~mmclimb.structures.PoseTracker` starts a new track), the frames
  still pending are finalised as at the end of a video, returned by that
  push, and the new person starts a fresh stream: no window or filter
  spans two people. Frames without a detection before a switch belong to
  the earlier person.
- ClimbAlong input (the detector's heatmaps and boxes) streams by giving
  each frame's ``bbox`` (4,) and ``heatmaps`` (K, H, W) with its decoded
  keypoints, as :func:`~mmclimb.apis.load_sequence` reads them.

:func:`stream_sequence` runs a recorded sequence through a
:class:`StreamingRefiner` (``tools/refine.py --lag``).
"""
import warnings
from typing import List, Optional, Tuple

import numpy as np
from torch import nn

from mmclimb.models.heads import (BaseFilterHead, GaussianFilterHead,
                                  OneEuroFilterHead, SavitzkyGolayFilterHead)
from mmclimb.structures import PoseTracker
from .inference import as_sequence
from .filter_streams import GaussianStream, OneEuroStream, SavitzkyGolayStream
from .frame_contract import FrameContract
from .stream_frames import StreamFrames
from .window_stream import WindowStream

__all__ = ['StreamingRefiner', 'stream_sequence']

Frame = Tuple[int, np.ndarray, np.ndarray]


class StreamingRefiner:
    """Refine a stream of one person's frames; see the module docstring.

    Args:
        refiner (nn.Module): From :func:`~mmclimb.apis.init_refiner`.
        lag (int): L, frames of look-ahead. Defaults to 0 (causal).
        fps (float, optional): The stream's frame rate: the One-Euro
            filter's rate (default: its config's) and :attr:`latency_ms`.
        split_persons (bool): Start a fresh stream where the keypoints
            change person (module docstring). Defaults to True.
        max_gap (int): With ``split_persons``, frames without a detection
            after which the next one counts as another person. Defaults
            to 10.
        window_weighting (str): How a learned refiner's windows that hold
            a frame are combined below the full lag: ``'future'`` (the
            window ending j frames after it weighs (j + 1)^2) or
            ``'uniform'`` (:mod:`~mmclimb.apis.window_stream`). Defaults
            to ``'future'``.

    Example:
        >>> stream = StreamingRefiner(refiner, lag=4, fps=30)
        >>> for detections in frames:  # (K, 3) each
        ...     for t, keypoints, scores in stream.push(detections):
        ...         show(t, keypoints)
        >>> final = stream.flush()
    """

    def __init__(self,
                 refiner: nn.Module,
                 lag: int = 0,
                 fps: Optional[float] = None,
                 split_persons: bool = True,
                 max_gap: int = 10,
                 window_weighting: str = 'future'):
        if int(lag) != lag or lag < 0:
            raise ValueError(f'lag must be a whole number of frames >= 0, '
                             f'got {lag}')
        self.lag = int(lag)
        self.fps = fps
        self.num_keypoints = refiner.refine_settings.num_keypoints
        self._refiner = refiner
        self.window_weighting = window_weighting
        self._start_stream()
        if self.lag > self.max_lag:
            raise ValueError(
                f'lag {self.lag} is more than this refiner uses: '
                f'{type(refiner.head).__name__} takes lags 0..'
                f'{self.max_lag}')
        self._offset = 0  # the video frame of this person's first frame
        self._next = 0  # this person's next frame to become final
        self._ended = False
        self._tracker = PoseTracker(max_gap) if split_persons else None
        self._person = None  # the tracker's id of the current person
        self._contract = FrameContract()

    def _build(self):
        """A fresh per-person stream of the refiner's kind."""
        head = getattr(self._refiner, 'head', None)
        if isinstance(head, OneEuroFilterHead):
            return OneEuroStream(head, self.lag, self.fps)
        if isinstance(head, SavitzkyGolayFilterHead):
            return SavitzkyGolayStream(head, self.lag)
        if isinstance(head, GaussianFilterHead):
            return GaussianStream(head, self.lag)
        if isinstance(head, BaseFilterHead):
            raise TypeError(f'{type(head).__name__} has no streaming form')
        return WindowStream(self._refiner, self.lag, self.window_weighting)

    def _start_stream(self) -> None:
        """Start a person's stream and its frames (no frame pushed)."""
        self._stream = self._build()
        self._frames = StreamFrames(self._stream.capacity,
                                    self.num_keypoints)

    @property
    def max_lag(self) -> int:
        """The largest lag that changes the output (module docstring)."""
        return self._stream.max_lag

    @property
    def num_frames(self) -> int:
        """Frames pushed so far."""
        return self._offset + self._frames.num_frames

    @property
    def rejected(self) -> dict:
        """Positions treated as missing by the input contract so far, per
        rule (``placeholder``, ``sentinel``, ``far``)."""
        return dict(self._contract.rejected)

    @property
    def latency_ms(self) -> Optional[float]:
        """The lag in milliseconds at :attr:`fps` (None without one)."""
        return None if not self.fps else 1000.0 * self.lag / self.fps

    def _check(self, keypoints, scores) -> Tuple[np.ndarray, np.ndarray]:
        """(K, 2) float64 positions (NaN where missing) and (K,) scores,
        0 where missing."""
        frame = f'frame {self.num_frames}'
        given = np.asarray(keypoints)
        keypoints = given.astype(np.float64)
        if keypoints.shape not in ((self.num_keypoints, 2),
                                   (self.num_keypoints, 3)):
            raise ValueError(
                f'{frame}: keypoints: expected shape ({self.num_keypoints}, '
                f'2) or ({self.num_keypoints}, 3) (x, y[, score] in image '
                f'pixels), got {keypoints.shape}')
        if scores is None:
            scores = keypoints[:, 2] if keypoints.shape[1] == 3 else \
                np.ones(self.num_keypoints)
        scores = np.asarray(scores, dtype=np.float64)
        if scores.shape != (self.num_keypoints, ):
            raise ValueError(f'{frame}: scores: expected shape '
                             f'({self.num_keypoints},), got {scores.shape}')
        positions = self._contract.check(given[:, :2])
        missing = np.isnan(positions).any(axis=1)
        scores = np.where(missing | ~np.isfinite(scores), 0.0, scores)
        return positions, scores.astype(np.float32)

    def _output(self, frame: int, ended: bool) -> Frame:
        """The current person's frame ``frame`` as returned, numbered in
        the video (NaN while nothing was seen)."""
        out = self._stream.final(self._frames, frame, ended)
        if out is None:
            return (self._offset + frame,
                    np.full((self.num_keypoints, 2), np.nan, np.float32),
                    np.zeros(self.num_keypoints, np.float32))
        return self._offset + frame, out[0], out[1]

    def _rest(self) -> List[Frame]:
        """The current person's frames not yet final, as at the end."""
        done = [
            self._output(t, ended=True)
            for t in range(self._next, self._frames.num_frames)
        ]
        self._next = self._frames.num_frames
        return done

    def _switched(self, positions: np.ndarray) -> bool:
        """Whether this frame shows another person than the frames
        before (always False without ``split_persons``)."""
        if self._tracker is None:
            return False
        person = int(self._tracker.update(positions[None])[0])
        if person < 0:
            return False
        switched = self._person is not None and person != self._person
        self._person = person
        return switched

    def _new_person(self) -> List[Frame]:
        """Finalise the current person's frames; start a fresh stream."""
        done = self._rest()
        self._offset += self._frames.num_frames
        self._next = 0
        self._start_stream()
        return done

    def push(self,
             keypoints,
             scores=None,
             bbox=None,
             heatmaps=None) -> List[Frame]:
        """Add the next frame; return the frames that became final.

        Args:
            keypoints (array-like): (K, 2) or (K, 3), image pixels, NaN
                where missing.
            scores (array-like, optional): (K,); defaults to the third
                channel, else ones.
            bbox (array-like, optional): (4,) the detector's person box
                x1, y1, x2, y2 (ClimbAlong input); else boxes come from
                the keypoints, as offline.
            heatmaps (array-like, optional): (K, H, W) the detector's raw
                heatmaps (ClimbAlong input), with ``bbox``.

        Returns:
            list[tuple]: ``(t, keypoints (K, 2), scores (K,))``, oldest
            first; empty during the first L frames.
        """
        if self._ended:
            raise RuntimeError('the stream was flushed; start a new '
                               'StreamingRefiner for a new video')
        positions, scores = self._check(keypoints, scores)
        done = self._new_person() if self._switched(positions) else []
        self._frames.append(
            positions, scores,
            None if bbox is None else np.asarray(bbox, np.float32),
            None if heatmaps is None else np.asarray(heatmaps, np.float32))
        self._stream.update(self._frames)
        while self._next + self.lag < self._frames.num_frames:
            done.append(self._output(self._next, ended=False))
            self._next += 1
        return done

    def flush(self) -> List[Frame]:
        """End the video: the frames not yet final, oldest first."""
        self._ended = True
        summary = self._contract.summary()
        if summary is not None:
            warnings.warn(summary)
        return self._rest()


def stream_sequence(refiner: nn.Module,
                    sequence,
                    lag: int = 0,
                    fps: Optional[float] = None,
                    key: Optional[str] = None,
                    split_persons: bool = True,
                    max_gap: int = 10,
                    window_weighting: str = 'future'
                    ) -> Tuple[np.ndarray, np.ndarray]:
    """Refine a whole recorded sequence frame by frame through a
    :class:`StreamingRefiner`, to compare with
    :func:`~mmclimb.apis.refine_sequence`.

    Args:
        refiner (nn.Module): From :func:`~mmclimb.apis.init_refiner`.
        sequence (str | np.ndarray | KeypointSequence): As for
            ``refine_sequence``; a ClimbAlong input streams its boxes and
            heatmaps too.
        lag (int): L. Defaults to 0.
        fps (float, optional): See :class:`StreamingRefiner`.
        key (str, optional): The keypoint array of a ``.npz`` input.
        split_persons (bool): See :class:`StreamingRefiner`.
        max_gap (int): See :class:`StreamingRefiner`.
        window_weighting (str): See :class:`StreamingRefiner`.

    Returns:
        tuple: keypoints (T, K, 2) float32 image pixels (NaN for frames
        output before anything was seen) and scores (T, K) float32.
    """
    sequence = as_sequence(refiner, sequence, key)
    stream = StreamingRefiner(refiner, lag=lag, fps=fps,
                              split_persons=split_persons, max_gap=max_gap,
                              window_weighting=window_weighting)
    raw = sequence.raw_keypoints
    outputs = []
    for t in range(sequence.num_frames):
        outputs += stream.push(
            raw[t], sequence.scores[t],
            bbox=None if sequence.bboxes is None else sequence.bboxes[t],
            heatmaps=None if sequence.heatmaps is None else
            sequence.heatmaps[t])
    outputs += stream.flush()
    return (np.stack([kpts for _, kpts, _ in outputs]),
            np.stack([scores for _, _, scores in outputs]))
