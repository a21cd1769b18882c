"""Tiling a sequence with windows and averaging the windows' outputs.

Symbols: T frames of the sequence, L frames per window, s the stride
(``1 <= s <= L``, so that no frame is skipped), N windows.

Contract:
    - :func:`window_starts` gives the first frame of every window: ``0, s,
      2s, ...`` while a window fits, plus ``T - L`` when the last of those
      does not end at the last frame, so the tail is always covered (the
      official DeciWatch drops it). It needs ``T >= L``; shorter sequences
      are padded first (:func:`pad_index`).
    - :func:`window_index` expands starts to frame indices (N, L) int64.
    - :func:`segment_windows` tiles several sequences laid end to end (the
      segments of :class:`~mmclimb.apis.PersonTracks`), each padded and
      tiled on its own, so that no window spans two segments.
    - :func:`window_weights` gives the weight of each window position in
      the per-frame mean: ``'uniform'`` (all 1) or ``'centre'``, a Hann
      window ``w_i = sin^2(pi (i + 1) / (L + 1))`` for positions
      ``i = 0 .. L-1``, which counts a frame most from the windows that hold
      it near their middle (with context on both sides) and lets a
      window's output fade in and out instead of starting and stopping
      (chosen for the general DeciWatch on its validation clips, README
      "Real video: the general refiners").
    - :class:`FrameAverager` sums per-window outputs into their frames with
      a vectorised scatter-add and divides by the summed weights of the
      windows that covered each frame.
"""
from typing import Sequence, Tuple

import numpy as np
import torch
from torch import Tensor

__all__ = [
    'FrameAverager', 'WINDOW_WEIGHTINGS', 'pad_index', 'segment_windows',
    'window_index', 'window_starts', 'window_weights'
]

#: The per-position weightings of :func:`window_weights`.
WINDOW_WEIGHTINGS = ('uniform', 'centre')


def window_weights(seq_len: int, weighting: str = 'uniform') -> np.ndarray:
    """Weight of each window position in the per-frame mean, (L,) float64.

    Args:
        seq_len (int): L.
        weighting (str): One of :data:`WINDOW_WEIGHTINGS` (module
            docstring). Defaults to ``'uniform'``.
    """
    if weighting not in WINDOW_WEIGHTINGS:
        raise ValueError(f'window weighting must be one of '
                         f'{WINDOW_WEIGHTINGS}, got {weighting!r}')
    if weighting == 'uniform':
        return np.ones(seq_len)
    return np.sin(np.pi * np.arange(1, seq_len + 1) / (seq_len + 1))**2


def window_starts(num_frames: int, seq_len: int, stride: int = 1) -> Tensor:
    """First frame of every window, (N,) int64.

    Args:
        num_frames (int): T, at least ``seq_len``.
        seq_len (int): L.
        stride (int): s, ``1 <= s <= L``. Defaults to 1.

    Returns:
        Tensor: Increasing starts; the last one is ``T - L``.
    """
    if not 1 <= stride <= seq_len:
        raise ValueError(f'stride must be in 1..{seq_len} (the window '
                         f'length; a longer one skips frames), got {stride}')
    if num_frames < seq_len:
        raise ValueError(f'{num_frames} frames are fewer than one window of '
                         f'{seq_len}; pad the sequence first (pad_index)')
    starts = torch.arange(0, num_frames - seq_len + 1, stride)
    if starts[-1] != num_frames - seq_len:
        starts = torch.cat([starts, starts.new_tensor([num_frames - seq_len])])
    return starts


def window_index(starts: Tensor, seq_len: int) -> Tensor:
    """Frame indices of the windows, (N, L) int64."""
    return starts[:, None] + torch.arange(seq_len)


def pad_index(num_frames: int, seq_len: int) -> Tensor:
    """Frame of the sequence for each frame of the padded sequence.

    A sequence shorter than a window is padded by repeating its last frame:
    ``min(t, T - 1)`` for ``t < max(T, L)``.

    Returns:
        Tensor: (max(T, L),) int64.
    """
    return torch.arange(max(num_frames, seq_len)).clamp(max=num_frames - 1)


def segment_windows(lengths: Sequence[int], seq_len: int,
                    stride: int = 1,
                    edge_padding: int = 0) -> Tuple[Tensor, Tensor, Tensor]:
    """Windows over segments laid end to end, none spanning two.

    Each segment of ``n`` frames is first extended by ``e`` copies of its
    first frame before it and of its last frame after it (``e =
    edge_padding``), so that its edge frames also sit inside windows, then
    padded to ``max(n + 2e, L)`` rows (:func:`pad_index`) and tiled by
    :func:`window_starts`; the rows of all segments follow each other.

    Args:
        lengths (Sequence[int]): Frames of each segment, each >= 1.
        seq_len (int): L.
        stride (int): s. Defaults to 1.
        edge_padding (int): e >= 0. Defaults to 0.

    Returns:
        tuple: ``frame_of`` (R,) int64, the frame (of the concatenated
        segments) of every row; ``index`` (N, L) int64 rows of every
        window; ``first_rows`` (S,) int64, each segment's first row.
    """
    if edge_padding < 0:
        raise ValueError(f'edge_padding must be >= 0, got {edge_padding}')
    frame_of, index, first_rows = [], [], []
    frame, row = 0, 0
    for length in lengths:
        extended = torch.arange(-edge_padding,
                                int(length) + edge_padding).clamp(
                                    0, int(length) - 1)
        padded = extended[pad_index(len(extended), seq_len)]
        index.append(
            window_index(window_starts(len(padded), seq_len, stride),
                         seq_len) + row)
        frame_of.append(padded + frame)
        first_rows.append(row + edge_padding)
        frame += int(length)
        row += len(padded)
    return torch.cat(frame_of), torch.cat(index), torch.tensor(first_rows)


class FrameAverager:
    """Per-frame (weighted) mean of overlapping window outputs.

    The sums are accumulated with numpy's unbuffered scatter-add
    (``np.add.at``), which is single-threaded: torch's ``index_add_`` on
    the CPU can take a hundred milliseconds per call when its thread pool
    competes for busy cores.

    Args:
        num_frames (int): T.
        shape (tuple[int]): Shape of one frame's output, e.g. (K, 2).
        position_weights (np.ndarray, optional): (L,) weight of each window
            position (:func:`window_weights`); None weighs all alike.
    """

    def __init__(self, num_frames: int, shape, position_weights=None):
        self.shape = tuple(shape)
        self.position_weights = None if position_weights is None else \
            np.asarray(position_weights, dtype=np.float64)
        self.sums = np.zeros((num_frames, *shape), dtype=np.float64)
        self.weights = np.zeros(num_frames, dtype=np.float64)
        self.counts = np.zeros(num_frames, dtype=np.int64)

    def add(self, index, values) -> None:
        """Add window outputs.

        Args:
            index (Tensor | np.ndarray): (N, L) frame indices.
            values (Tensor | np.ndarray): (N, L, *shape) outputs of those
                frames.
        """
        index = np.asarray(index)
        flat = index.reshape(-1)
        values = np.asarray(values, dtype=np.float64).reshape(
            len(flat), *self.shape)
        weights = np.ones(len(flat))
        if self.position_weights is not None:
            if index.shape[-1] != len(self.position_weights):
                raise ValueError(
                    f'windows of {index.shape[-1]} frames, but '
                    f'{len(self.position_weights)} position weights')
            weights = np.broadcast_to(self.position_weights,
                                      index.shape).reshape(-1)
        np.add.at(self.sums, flat,
                  values * weights.reshape(-1, *([1] * len(self.shape))))
        np.add.at(self.weights, flat, weights)
        self.counts += np.bincount(flat, minlength=len(self.counts))

    def mean(self) -> np.ndarray:
        """The per-frame mean, (T, *shape) float32.

        Raises:
            RuntimeError: Some frame was never covered.
        """
        if (self.counts == 0).any():
            missing = np.flatnonzero(self.counts == 0)
            raise RuntimeError(f'frames {missing[:10].tolist()} were covered '
                               'by no window')
        view = self.weights.reshape(-1, *([1] * (self.sums.ndim - 1)))
        return (self.sums / view).astype(np.float32)
