"""A learned refiner (or the Identity) on a stream, one window per frame.

Symbols: W frames per window (the refiner's ``seq_len``), L the lag
(``0 <= L <= W - 1``), e the newest frame, t a frame, T the frames of a
finished stream, K keypoints.

Contract (:class:`WindowStream`, driven by
:class:`~mmclimb.apis.StreamingRefiner`):

- every new frame e runs one window, the W frames ending at e, through the
  same inputs, model call and mapping to image pixels as
  :func:`~mmclimb.apis.refine_sequence` (:class:`RefinerInputs`,
  :func:`~mmclimb.apis.inference.window_outputs`) on the recent frames,
  gaps filled causally (:class:`~mmclimb.apis.stream_frames.StreamFrames`);
- frame t is the weighted mean of the windows that contain it and end at
  t .. t+L. With ``weighting='future'`` (the default) the window ending at
  t + j weighs (j + 1)^2: the more of the frames after t a window saw, the
  more its output for t counts (a window's last positions have no future
  context and are its least accurate ones). At L = W - 1 every window of
  ``refine_sequence`` with stride 1 has arrived, and the mean is weighted
  as offline (the refiner's ``window_weighting``: the plain mean, or the
  ``'centre'`` weights of
  :func:`~mmclimb.apis.sliding_windows.window_weights`), so the stream
  then equals ``refine_sequence``;
  ``weighting='uniform'`` takes the plain mean at every lag. The exponent
  2 was chosen on the general config's validation clips (README "Live
  refinement");
  the first W - 1 - L frames, which no whole window reaches in time, use
  windows that start before frame 0, padded with frame 0;
- at L = W - 1 the stream also pads its edges as ``refine_sequence`` pads a
  segment (the refiner's ``edge_padding`` e, its config's
  ``inference_edge_padding``): the windows that start up to e frames
  before frame 0 (padded with frame 0) as they arrive, and when the stream
  ends, those that end up to e frames after its last frame (padded with
  it); below the full lag the edges are not padded;
- a stream that ends with fewer than W frames refines the frames no window
  covered with ``refine_sequence``'s padded window (the last frame
  repeated); a padded window gives each frame the output at its own
  position, as offline;
- scores: heatmap refiners' peak values averaged like the keypoints,
  coordinate refiners the input's (0 where filled);
- a frame without any window (nothing had been seen yet) gives None.
"""
from typing import Dict, Optional, Tuple

import numpy as np
import torch
from torch import nn

from .inference import window_outputs
from .refiner_inputs import RefinerInputs, sequence_boxes
from .sliding_windows import segment_windows, window_weights
from .stream_frames import StreamFrames

__all__ = ['WindowStream']


class WindowStream:
    """Sliding windows over a stream; see the module docstring.

    Args:
        refiner (nn.Module): From :func:`~mmclimb.apis.init_refiner`.
        lag (int): L.
        weighting (str): ``'future'`` or ``'uniform'`` (module docstring).
            Defaults to ``'future'``.
    """

    WEIGHTINGS = ('future', 'uniform')

    def __init__(self, refiner: nn.Module, lag: int,
                 weighting: str = 'future'):
        if weighting not in self.WEIGHTINGS:
            raise ValueError(f'weighting must be one of {self.WEIGHTINGS}, '
                             f'got {weighting!r}')
        self.refiner = refiner
        self.settings = refiner.refine_settings
        self.seq_len = self.settings.seq_len
        self.lag = lag
        self.weighting = weighting
        self._offline_weights = window_weights(
            self.seq_len, self.settings.window_weighting)
        # frame -> [keypoint sums (K, 2), score sums (K,), windows]
        self._sums: Dict[int, list] = {}
        self._end_added = False

    @property
    def max_lag(self) -> int:
        """W - 1."""
        return self.seq_len - 1

    @property
    def capacity(self) -> int:
        """Frames to keep: one window."""
        return self.seq_len

    @torch.inference_mode()
    def _add_window(self, frames: StreamFrames, start: int,
                    targets) -> None:
        """Run the window whose position i holds frame ``start + i``
        (clipped to the frames there are) and add its outputs to the
        frames in ``targets``, each from its own position."""
        sequence = frames.sequence(frames.first)
        if sequence is None:
            return
        inputs = RefinerInputs(self.settings, sequence,
                               sequence_boxes(sequence))
        index = np.arange(start, start + self.seq_len).clip(
            0, frames.num_frames - 1)
        relative = torch.from_numpy(index - frames.first)[None]
        keypoints, scores = window_outputs(self.refiner, inputs, relative)
        for frame in targets:
            weight = self._weight(start + self.seq_len - 1 - frame)
            entry = self._sums.setdefault(frame, [0.0, 0.0, 0])
            entry[0] = entry[0] + weight * keypoints[0, frame - start].numpy()
            if scores is not None:
                entry[1] = entry[1] + weight * scores[
                    0, frame - start].double().numpy()
            entry[2] += weight

    def _weight(self, after: int) -> float:
        """The weight of a window's output for a frame with ``after`` of
        the window's frames after it (module docstring)."""
        if self.lag == self.max_lag:
            return float(self._offline_weights[self.seq_len - 1 - after])
        if self.weighting == 'uniform':
            return 1.0
        return float((after + 1)**2)

    def update(self, frames: StreamFrames) -> None:
        """The window ending at the newest frame."""
        last = frames.num_frames - 1
        start = last - self.seq_len + 1
        if start >= 0:
            targets = range(last - self.lag, last + 1)
        elif self.lag == self.max_lag:  # padded before frame 0, as offline
            padding = self.settings.edge_padding
            targets = range(0, last + 1) if start >= -padding else range(0)
        else:  # only frames no whole window reaches within the lag
            targets = range(max(last - self.lag, 0),
                            min(last, self.seq_len - 2 - self.lag) + 1)
        if len(targets):
            self._add_window(frames, start, targets)

    def _end_starts(self, num_frames: int) -> np.ndarray:
        """Starts (frames, negative before frame 0) of ``refine_sequence``'s
        windows (stride 1, the refiner's edge padding) that end after the
        last of ``num_frames`` frames."""
        _, index, first_rows = segment_windows([num_frames], self.seq_len,
                                               1, self.settings.edge_padding)
        starts = (index[:, 0] - first_rows[0]).numpy()
        return starts[starts + self.seq_len > num_frames]

    def _add_end_windows(self, frames: StreamFrames, frame: int) -> None:
        """Once, when the stream has ended: the windows of
        :meth:`_end_starts`, for the frames from ``frame`` on."""
        if self._end_added:
            return
        self._end_added = True
        num_frames = frames.num_frames
        for start in self._end_starts(num_frames).tolist():
            targets = range(max(start, frame), min(start + self.seq_len,
                                                   num_frames))
            if len(targets):
                self._add_window(frames, start, targets)

    def final(self, frames: StreamFrames, frame: int,
              ended: bool) -> Optional[Tuple[np.ndarray, np.ndarray]]:
        """Frame ``frame``'s output, or None without a window."""
        num_frames = frames.num_frames
        if ended and self.lag == self.max_lag:
            self._add_end_windows(frames, frame)
        elif ended and frame not in self._sums and \
                num_frames < self.seq_len:
            # refine_sequence's window of a short sequence
            pending = set(range(frame, num_frames)) - set(self._sums)
            self._add_window(frames, 0, sorted(pending))
        entry = self._sums.pop(frame, None)
        if entry is None:
            return None
        keypoints = (entry[0] / entry[2]).astype(np.float32)
        if self.settings.input_kind == 'heatmaps':
            scores = (entry[1] / entry[2]).astype(np.float32)
        else:
            scores = frames.sequence(frame).scores[0]
        return keypoints, scores
