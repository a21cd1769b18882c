"""The classical filters on a stream.

Symbols: L the lag, e the newest frame, t a frame, T the frames of a
finished stream (while it runs, the frames so far), K keypoints; image
pixels, gaps filled causally
(:class:`~mmclimb.apis.stream_frames.StreamFrames`).

Contract (driven by :class:`~mmclimb.apis.StreamingRefiner`; each gives
frame t's keypoints (K, 2) and the input's scores (K,), or None while
nothing has been seen):

- :class:`OneEuroStream`: the head's own recursion
  (:meth:`~mmclimb.models.heads.OneEuroFilterHead.step`), one step per
  frame, causal: L = 0 only. Its speed unit is the median person-box size
  of the frames so far (at most the last ``unit_frames``), where
  :func:`~mmclimb.apis.refine_sequence` takes the whole video's: the two
  agree while the box size is steady.
- :class:`SavitzkyGolayStream`: the least-squares polynomial of the head
  over the W frames ending at ``min(clip(t + h, 2h, T - 1), t + L)``
  (W = ``window_length``, h = W // 2; fewer frames near the start, where
  the window is shortened), evaluated at t. For L = W - 1 that is the
  offline filter's centred window or its first / last window, so the
  output equals ``refine_sequence``'s; smaller L fits one-sided windows.
  Up to L = W - 1.
- :class:`GaussianStream`: the head's kernel over offsets ``-r ..
  min(L, r)``, renormalised (one-sided at L = 0), frames beyond the ends
  held as offline. Up to L = r (the whole kernel).
"""
from abc import ABCMeta, abstractmethod
from collections import deque
from typing import Optional, Tuple

import numpy as np
import torch

from mmclimb.models.heads import (GaussianFilterHead, OneEuroFilterHead,
                                  SavitzkyGolayFilterHead)
from .refiner_inputs import sequence_boxes
from .stream_frames import StreamFrames

__all__ = ['GaussianStream', 'OneEuroStream', 'SavitzkyGolayStream']

Output = Optional[Tuple[np.ndarray, np.ndarray]]


class OneEuroStream:
    """The One-Euro filter, one step per frame; see the module docstring.

    Args:
        head (OneEuroFilterHead): Its parameters.
        lag (int): L (0).
        fps (float, optional): Frame rate; defaults to the head's.
        unit_frames (int): Frames whose median box size is the speed
            unit. Defaults to 900 (30 s at 30 fps).
    """

    max_lag = 0
    capacity = 1

    def __init__(self,
                 head: OneEuroFilterHead,
                 lag: int,
                 fps: Optional[float] = None,
                 unit_frames: int = 900):
        self.head = head
        self.fps = fps
        self._sizes = deque(maxlen=unit_frames)
        self._state = None  # (smoothed, speed), (K, 2) float64 each
        self._outputs = {}

    def update(self, frames: StreamFrames) -> None:
        """Filter the newest frame."""
        last = frames.num_frames - 1
        sequence = frames.sequence(last)
        if sequence is None:
            self._outputs[last] = None
            return
        box = sequence_boxes(sequence)[0]
        self._sizes.append(box[2:] - box[:2])
        unit = torch.from_numpy(
            np.maximum(np.median(np.stack(self._sizes), axis=0), 1.0))
        frame = torch.from_numpy(sequence.keypoints[0].astype(np.float64))
        if self._state is None:
            self._state = (frame, torch.zeros_like(frame))
        else:
            self._state = self.head.step(frame, *self._state, unit=unit,
                                         fps=self.fps)
        self._outputs[last] = (self._state[0].numpy().astype(np.float32),
                               sequence.scores[0])

    def final(self, frames: StreamFrames, frame: int, ended: bool) -> Output:
        """Frame ``frame``'s output."""
        return self._outputs.pop(frame)


class _KernelStream(metaclass=ABCMeta):
    """A linear filter: fixed weights over some frames around t."""

    def __init__(self, lag: int):
        self.lag = lag

    @abstractmethod
    def weights(self, frame: int, num_frames: int):
        """Frames (n,) int and weights (n,) float64 of frame ``frame``'s
        output when ``num_frames`` frames are known."""

    def update(self, frames: StreamFrames) -> None:
        """Nothing to do before a frame is final."""

    def final(self, frames: StreamFrames, frame: int, ended: bool) -> Output:
        """The weighted sum of the (filled) frames."""
        sequence = frames.sequence(frames.first)
        if sequence is None:
            return None
        index, weights = self.weights(frame, frames.num_frames)
        positions = sequence.keypoints[index - frames.first].astype(
            np.float64)
        refined = np.tensordot(weights, positions, axes=1)
        return (refined.astype(np.float32),
                sequence.scores[frame - frames.first])


class SavitzkyGolayStream(_KernelStream):
    """Savitzky-Golay fits, shortened to the lag; see the module docstring.

    Args:
        head (SavitzkyGolayFilterHead): Its window and order.
        lag (int): L, ``0 .. window_length - 1``.
    """

    def __init__(self, head: SavitzkyGolayFilterHead, lag: int):
        super().__init__(lag)
        self.head = head
        self._rows = {}

    @property
    def max_lag(self) -> int:
        """W - 1."""
        return self.head.window_length - 1

    @property
    def capacity(self) -> int:
        """The frames of a window ending at the newest frame, and the lag."""
        return self.head.window_length + self.lag

    def _row(self, length: int, polyorder: int, position: int) -> np.ndarray:
        """Weights of the fit's value at ``position`` (cached)."""
        key = (length, polyorder, position)
        if key not in self._rows:
            self._rows[key] = self.head.smoothing_matrix(length,
                                                         polyorder)[position]
        return self._rows[key]

    def weights(self, frame: int, num_frames: int):
        length, polyorder = self.head.fit_for(num_frames)
        if length < 3:  # as offline: nothing to fit
            return np.array([frame]), np.ones(1)
        half = length // 2
        end = min(int(np.clip(frame + half, 2 * half, num_frames - 1)),
                  frame + self.lag)
        start = max(end - length + 1, 0)
        size = end - start + 1
        return np.arange(start, end + 1), self._row(
            size, min(polyorder, size - 1), frame - start)


class GaussianStream(_KernelStream):
    """A Gaussian kernel cut at the lag; see the module docstring.

    Args:
        head (GaussianFilterHead): Its sigma and radius.
        lag (int): L, ``0 .. r``.
    """

    def __init__(self, head: GaussianFilterHead, lag: int):
        super().__init__(lag)
        self.head = head
        radius = head.radius
        kernel = head.kernel(torch.float64).numpy()[:radius + lag + 1]
        self._kernel = kernel / kernel.sum()

    @property
    def max_lag(self) -> int:
        """r."""
        return self.head.radius

    @property
    def capacity(self) -> int:
        """The kernel's past, the frame and the lag."""
        return self.head.radius + self.lag + 1

    def weights(self, frame: int, num_frames: int):
        offsets = np.arange(-self.head.radius, len(self._kernel) -
                            self.head.radius)
        return (frame + offsets).clip(0, num_frames - 1), self._kernel
