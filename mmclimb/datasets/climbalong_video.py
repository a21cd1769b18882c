"""One ClimbAlong video: a checked pair of input and target ``.npz`` files.

Symbols: T frames, K keypoints, H x W heatmap size. See
``docs/climbalong_format.md`` for the layout:

- ``input/<video>.npz``: ``bboxes`` (T, 4) x1, y1, x2, y2 in image pixels and
  ``heatmaps`` (T, K, H, W) raw logits;
- ``target/<video>.npz``: ``keypoints`` (T, 1, K, 3) x, y, flag in image
  pixels ((T, K, 3) is accepted too).

Boxes and keypoints (small) are read and checked when the video is opened;
heatmaps stay memory-mapped and a window's slice is checked when it is read.
Every problem raises :class:`ClimbAlongFormatError` naming the file, the
field and what was expected. :func:`check_heatmaps` is the heatmap check
(shape (T, K, H, W) of the expected K, H and W, floats, at least one frame);
the refine API (``mmclimb.apis.load_sequence``) applies the same one to
ClimbAlong input, with the refiner's K and grid.
"""
import os.path as osp
from typing import Dict, Optional, Tuple

import numpy as np
import torch

from mmclimb.fileio import open_npz

__all__ = ['ClimbAlongFormatError', 'ClimbAlongVideo', 'check_heatmaps']


class ClimbAlongFormatError(ValueError):
    """ClimbAlong data that does not follow the documented format."""


def check_heatmaps(heatmaps: np.ndarray, path: str, num_keypoints: int,
                   heatmap_size: Tuple[int, int]) -> None:
    """Raise a :class:`ClimbAlongFormatError` unless ``heatmaps`` is
    (T >= 1, K, H, W) floats of the expected K and (W, H).

    Args:
        heatmaps (np.ndarray): The ``heatmaps`` field (may be memory-mapped;
            only its shape and dtype are read).
        path (str): Its file, for the message.
        num_keypoints (int): Expected K.
        heatmap_size (tuple[int, int]): Expected (W, H).
    """
    width, height = heatmap_size
    expected = (num_keypoints, height, width)
    if heatmaps.ndim != 4 or heatmaps.shape[1:] != expected:
        raise ClimbAlongFormatError(
            f'{path}: field "heatmaps": expected shape '
            f'(T, {", ".join(map(str, expected))}), got {heatmaps.shape}')
    if not np.issubdtype(heatmaps.dtype, np.floating):
        raise ClimbAlongFormatError(
            f'{path}: field "heatmaps": expected floats, got '
            f'{heatmaps.dtype}')
    if heatmaps.shape[0] == 0:
        raise ClimbAlongFormatError(
            f'{path}: field "heatmaps": has no frames')


class ClimbAlongVideo:
    """A video's boxes and keypoints in memory, its heatmaps mapped lazily.

    Args:
        name (str): The video's file stem.
        input_path (str): Its ``input/<video>.npz``.
        target_path (str): Its ``target/<video>.npz``.
        num_keypoints (int): Expected K. Defaults to 25.
        heatmap_size (tuple[int, int]): Expected (W, H). Defaults to (56, 56).
        degenerate_boxes (str): ``'error'`` raises on a box with
            ``x2 <= x1`` or ``y2 <= y1``; ``'truncate'`` cuts the video
            before its first such frame, as the thesis did.
            Defaults to ``'error'``.

    Attributes:
        bboxes (np.ndarray): (T, 4) float32.
        keypoints (np.ndarray): (T, K, 2) float32, image pixels.
        keypoints_visible (np.ndarray): (T, K) float32 annotation flags.
        num_frames (int): T (after truncation).
    """

    def __init__(self,
                 name: str,
                 input_path: str,
                 target_path: str,
                 num_keypoints: int = 25,
                 heatmap_size: Tuple[int, int] = (56, 56),
                 degenerate_boxes: str = 'error'):
        if degenerate_boxes not in ('error', 'truncate'):
            raise ValueError("degenerate_boxes must be 'error' or "
                             f"'truncate', got {degenerate_boxes!r}")
        self.name = name
        self.input_path = input_path
        self.target_path = target_path
        self.num_keypoints = num_keypoints
        self.heatmap_size = tuple(heatmap_size)
        self._heatmaps: Optional[np.ndarray] = None

        inputs = self._open(input_path, ('bboxes', 'heatmaps'))
        targets = self._open(target_path, ('keypoints', ))
        heatmaps = self._check_heatmaps(inputs['heatmaps'])
        num_frames = heatmaps.shape[0]
        self.bboxes = self._check_bboxes(inputs['bboxes'], num_frames)
        self.keypoints, self.keypoints_visible = self._check_keypoints(
            targets['keypoints'], num_frames)
        self.num_frames = self._usable_frames(degenerate_boxes)
        self.bboxes = self.bboxes[:self.num_frames]
        self.keypoints = self.keypoints[:self.num_frames]
        self.keypoints_visible = self.keypoints_visible[:self.num_frames]

    # ------------------------------------------------------------------
    # opening and checking
    # ------------------------------------------------------------------
    def _error(self, path: str, field: str, message: str):
        return ClimbAlongFormatError(f'{path}: field "{field}": {message}')

    def _open(self, path: str, fields) -> Dict[str, np.ndarray]:
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'video {self.name!r}: {path} does not exist (every '
                'input/<video>.npz needs a target/<video>.npz of the same '
                'name)')
        arrays = open_npz(path)
        for field in fields:
            if field not in arrays:
                raise self._error(
                    path, field, f'missing; the file has {sorted(arrays)}')
        return arrays

    def _check_finite(self, array: np.ndarray, path: str, field: str,
                      frame_ids: Optional[np.ndarray] = None):
        """Raise on NaN/inf, naming the first bad frame (``array``'s first
        axis is frames, ``frame_ids`` their indices in the video)."""
        # the sum is NaN or inf whenever an element is (or, rarely, on
        # overflow): a cheap test first, the elementwise one only then
        if np.isfinite(array.sum()):
            return
        finite = np.isfinite(array)
        if not finite.all():
            row = int(np.argwhere(~finite)[0][0])
            frame = row if frame_ids is None else int(frame_ids[row])
            raise self._error(path, field,
                              f'NaN or inf values (first at frame {frame})')

    def _check_heatmaps(self, heatmaps: np.ndarray) -> np.ndarray:
        check_heatmaps(heatmaps, self.input_path, self.num_keypoints,
                       self.heatmap_size)
        self._heatmaps = heatmaps
        return heatmaps

    def _check_bboxes(self, bboxes: np.ndarray, num_frames: int):
        if bboxes.shape != (num_frames, 4):
            raise self._error(
                self.input_path, 'bboxes',
                f'expected shape ({num_frames}, 4) to match the '
                f'{num_frames} heatmap frames, got {bboxes.shape}')
        bboxes = np.asarray(bboxes, dtype=np.float32)
        self._check_finite(bboxes, self.input_path, 'bboxes')
        return bboxes

    def _check_keypoints(self, keypoints: np.ndarray, num_frames: int):
        if keypoints.ndim == 4 and keypoints.shape[1] == 1:
            keypoints = keypoints[:, 0]
        expected = (num_frames, self.num_keypoints, 3)
        if keypoints.shape != expected:
            raise self._error(
                self.target_path, 'keypoints',
                f'expected shape ({num_frames}, 1, {self.num_keypoints}, 3) '
                f'(x, y, flag per keypoint, {num_frames} frames as in '
                f'{self.input_path}), got {keypoints.shape}')
        keypoints = np.asarray(keypoints, dtype=np.float32)
        self._check_finite(keypoints, self.target_path, 'keypoints')
        return keypoints[..., :2].copy(), (keypoints[..., 2] > 0).astype(
            np.float32)

    def _usable_frames(self, degenerate_boxes: str) -> int:
        x1, y1, x2, y2 = self.bboxes.T
        bad = np.flatnonzero((x2 <= x1) | (y2 <= y1))
        if len(bad) == 0:
            return self.num_frames_on_disk
        first = int(bad[0])
        if degenerate_boxes == 'truncate' and first > 0:
            return first
        raise self._error(
            self.input_path, 'bboxes',
            f'degenerate box {self.bboxes[first].tolist()} at frame {first} '
            '(expected x2 > x1 and y2 > y1)')

    @property
    def num_frames_on_disk(self) -> int:
        """Frames stored in the input file."""
        return self._heatmaps.shape[0]

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------
    def __getstate__(self):
        state = self.__dict__.copy()
        state['_heatmaps'] = None  # re-mapped in the receiving process
        return state

    def heatmaps(self, frame_ids: np.ndarray) -> np.ndarray:
        """Read the heatmaps of some frames as float32.

        Args:
            frame_ids (np.ndarray): (T,) frame indices of this video.

        Returns:
            np.ndarray: (T, K, H, W) float32.
        """
        if self._heatmaps is None:
            self._heatmaps = open_npz(self.input_path)['heatmaps']
        start, stop = int(frame_ids.min()), int(frame_ids.max()) + 1
        block = _as_float32(self._heatmaps[start:stop])
        consecutive = len(frame_ids) == stop - start and bool(
            (np.diff(frame_ids) == 1).all())
        out = block if consecutive else block[frame_ids - start]
        self._check_finite(out, self.input_path, 'heatmaps', frame_ids)
        return out


def _as_float32(array: np.ndarray) -> np.ndarray:
    """A float32 copy of a (memory-mapped) float array; float16 goes through
    torch, whose vectorised conversion is several times faster than
    numpy's."""
    if array.dtype == np.float16:
        # a private writable copy first: memory-mapped pages are read-only
        return torch.from_numpy(np.array(array)).float().numpy()
    return np.array(array, dtype=np.float32)
