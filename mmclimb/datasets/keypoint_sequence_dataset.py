"""Windows of keypoint-only pose sequences, mapped to ClimbAlong keypoints.

Symbols: T = ``seq_len`` frames per window, K = 25 ClimbAlong keypoints, S
keypoints of the source set.

Public pose data sets (Penn Action, PoseTrack, BRACE, ...) give keypoints
without the detector heatmaps a refiner takes. Their sequences are mapped
into the ClimbAlong keypoints (:mod:`mmclimb.datasets.keypoint_mappings`;
keypoints the source lacks get flag 0) and cut into windows; the pipeline
(``SimulateDetectorNoise``) then simulates the detector's input.

Subclasses parse one source format in :meth:`load_sequences`, returning
sequences ``dict(name, keypoints (T, S, 2), visible (T, S), path)``; this
class checks them, maps them and cuts the windows.

Each sample (the dict a pipeline receives) is one window:

- ``video`` (str) the sequence's name, ``window`` (int);
- ``frame_ids`` (T,) int64: frames of the sequence (padding repeats the
  last), ``valid`` (T,) bool: False for padding of a sequence shorter
  than T;
- ``keypoints`` (T, K, 2) float32: image pixels, (0, 0) where missing;
- ``keypoints_visible`` (T, K) float32 in {0, 1}: 0 for points the source
  lacks, points not annotated in a frame and padding frames;
- ``heatmap_size`` (W, H), ``flip_indices`` (K,), ``dataset_name``.

A window in which no keypoint is annotated is left out (it gives no pose
box and no loss); the number left out is logged.
"""
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmengine.logging import print_log

from .keypoint_mappings import KeypointMapping, get_keypoint_mapping
from .splits import num_windows
from .window_dataset import WindowDataset

__all__ = ['KeypointSequenceDataset', 'KeypointSequenceFormatError']


class KeypointSequenceFormatError(ValueError):
    """A keypoint-sequence source that does not follow its documented
    layout (``docs/pretraining.md``)."""


class KeypointSequenceDataset(WindowDataset):
    """Base class of keypoint-only sources cut into windows.

    Args:
        data_root (str): The source's folder. Defaults to ``''``.
        ann_file (str): The annotation file or folder, relative to
            ``data_root`` unless absolute (its meaning is the subclass's).
            Defaults to ``''``.
        seq_len (int): T, frames per window. Defaults to 5.
        seq_step (int): Frames between window starts. Defaults to 1.
        keypoint_mapping (str | dict, optional): How the source's keypoints
            map into the ClimbAlong ones (see
            :func:`~mmclimb.datasets.get_keypoint_mapping`). ``None`` uses
            the subclass's :attr:`DEFAULT_MAPPING`.
        heatmap_size (tuple[int, int]): (W, H) passed to the pipeline.
            Defaults to (56, 56).
        **kwargs: Passed to :class:`~mmengine.dataset.BaseDataset`
            (``pipeline``, ``test_mode``, ``metainfo``, ``lazy_init``, ...).
    """

    #: The mapping used when the config gives none (None: one is needed).
    DEFAULT_MAPPING: Optional[str] = None

    def __init__(self,
                 data_root: str = '',
                 ann_file: str = '',
                 seq_len: int = 5,
                 seq_step: int = 1,
                 keypoint_mapping=None,
                 heatmap_size: Sequence[int] = (56, 56),
                 **kwargs):
        if keypoint_mapping is None:
            keypoint_mapping = self.DEFAULT_MAPPING
        if keypoint_mapping is None:
            raise ValueError(
                f'{type(self).__name__} needs keypoint_mapping=<name or '
                '{climbalong_index_or_name: source_index}>')
        self.mapping: KeypointMapping = get_keypoint_mapping(keypoint_mapping)
        self.sequences: Dict[str, Tuple[np.ndarray, np.ndarray]] = {}
        super().__init__(
            seq_len=seq_len,
            seq_step=seq_step,
            heatmap_size=heatmap_size,
            data_root=data_root,
            ann_file=ann_file,
            **kwargs)

    # ------------------------------------------------------------------
    # for subclasses
    # ------------------------------------------------------------------
    def load_sequences(self) -> List[dict]:
        """Parse the source.

        Returns:
            list[dict]: Per sequence ``name`` (str, unique), ``keypoints``
            (T, S, 2) image pixels, ``visible`` (T, S) flags (> 0 is
            annotated) and ``path`` (the file, for messages).
        """
        raise NotImplementedError

    @staticmethod
    def error(path: str, field: str,
              message: str) -> KeypointSequenceFormatError:
        """The error for a bad field of a file."""
        return KeypointSequenceFormatError(
            f'{path}: field "{field}": {message}')

    # ------------------------------------------------------------------
    # checking and mapping
    # ------------------------------------------------------------------
    def _check_sequence(self, sequence: dict) -> Tuple[np.ndarray,
                                                       np.ndarray]:
        """Check one parsed sequence and map it to ClimbAlong keypoints.

        Returns:
            tuple: keypoints (T, K, 2) float32 and flags (T, K) float32.
        """
        path, name = sequence['path'], sequence['name']
        keypoints = np.asarray(sequence['keypoints'], dtype=np.float64)
        visible = np.asarray(sequence['visible'], dtype=np.float64)
        if keypoints.ndim != 3 or keypoints.shape[2] != 2 or \
                not self.mapping.accepts(keypoints.shape[1]):
            raise self.error(
                path, 'keypoints',
                f'sequence {name!r}: expected shape (T, S, 2) with S '
                f'{self.mapping.expected_source} for keypoint mapping '
                f'{self.mapping.name!r}, got {keypoints.shape}')
        if visible.shape != keypoints.shape[:2]:
            raise self.error(
                path, 'visible',
                f'sequence {name!r}: expected flags of shape '
                f'{keypoints.shape[:2]}, got {visible.shape}')
        if keypoints.shape[0] == 0:
            raise self.error(path, 'keypoints',
                             f'sequence {name!r} has no frames')
        visible = np.where(np.isfinite(visible), visible, 0)
        annotated = visible > 0
        bad = annotated & ~np.isfinite(keypoints).all(axis=-1)
        if bad.any():
            frame, point = np.argwhere(bad)[0]
            raise self.error(
                path, 'keypoints',
                f'sequence {name!r}: NaN or inf at annotated keypoint '
                f'{point} of frame {frame}')
        keypoints = np.where(annotated[..., None], keypoints, 0)
        return self.mapping(keypoints, annotated)

    def _has_annotation(self, info: dict) -> bool:
        """Whether any valid frame of the window has an annotated point."""
        flags = self.sequences[info['video']][1][info['frame_ids']]
        return bool((flags[info['valid']] > 0).any())

    def load_data_list(self) -> List[dict]:
        """Parse, check and map every sequence; list its windows."""
        self.sequences = {}
        for sequence in self.load_sequences():
            if sequence['name'] in self.sequences:
                raise self.error(sequence['path'], 'name',
                                 f'sequence {sequence["name"]!r} appears '
                                 'twice')
            self.sequences[sequence['name']] = self._check_sequence(sequence)
        if not self.sequences:
            raise KeypointSequenceFormatError(
                f'{type(self).__name__}: no sequences found under '
                f'{self.data_root or self.ann_file!r} (see '
                'docs/pretraining.md for the layout)')
        windows = [
            self._window_info(name, idx, len(keypoints))
            for name, (keypoints, _) in self.sequences.items()
            for idx in range(
                num_windows(len(keypoints), self.seq_len, self.seq_step))
        ]
        data_list = [info for info in windows if self._has_annotation(info)]
        self._log_counts(len(windows) - len(data_list), data_list)
        if not data_list:
            raise KeypointSequenceFormatError(
                f'{type(self).__name__}: none of the {len(self.sequences)} '
                'sequences has an annotated keypoint (after mapping with '
                f'{self.mapping.name!r})')
        return data_list

    def _log_counts(self, dropped: int, data_list: List[dict]) -> None:
        padded = self._num_padded(data_list)
        print_log(
            f'{type(self).__name__}: {len(self.sequences)} sequences, '
            f'{len(data_list)} windows of {self.seq_len} frames '
            f'({padded} padded, {dropped} without annotated keypoints '
            'left out); keypoint mapping '
            f'{self.mapping.name!r} ({int(self.mapping.present.sum())} of '
            f'{len(self.mapping.present)} keypoints present)',
            logger='current')

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------
    def get_data_info(self, idx: int) -> dict:
        """The window's arrays (see the module docstring)."""
        info = super().get_data_info(idx)
        info.update(self._frame_fields(info, *self.sequences[info['video']]))
        return info
