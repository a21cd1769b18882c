"""A plain ``.npz`` of keypoint sequences as keypoint windows.

Symbols: T frames of a sequence, S keypoints of the source set.

Layout (``docs/pretraining.md``): one ``.npz`` file, every array one
sequence named by its key:

- (T, S, 2) float: x, y in image pixels; NaN marks a missing point;
- (T, S, 3) float: x, y, flag; flag > 0 is annotated (a detector score
  works as the flag too).

The source's keypoint set is named in the config (``keypoint_mapping``, a
name such as ``'coco17'`` or a dict ``{climbalong_index_or_name:
source_index}``); there is no default. This is the route for sources with
their own formats (e.g. BRACE, COCO-17): convert them to this file.
"""
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
from mmpose.registry import DATASETS

from mmclimb.fileio import open_npz
from .keypoint_sequence_dataset import KeypointSequenceDataset

__all__ = ['KeypointNpzDataset']


@DATASETS.register_module()
class KeypointNpzDataset(KeypointSequenceDataset):
    """Sequences of one ``.npz`` file cut into windows.

    Args:
        ann_file (str): The ``.npz`` file, relative to ``data_root`` unless
            absolute.
        keypoint_mapping (str | dict): The source's keypoints (required).
        sequences (Sequence[str], optional): Use only these keys (e.g. one
            split). Defaults to None (every array).
        data_root (str): Defaults to ``''``.
        **kwargs: See :class:`KeypointSequenceDataset`.
    """

    def __init__(self,
                 ann_file: str,
                 keypoint_mapping=None,
                 sequences: Optional[Sequence[str]] = None,
                 data_root: str = '',
                 **kwargs):
        self.sequence_names = None if sequences is None else list(sequences)
        super().__init__(
            data_root=data_root,
            ann_file=ann_file,
            keypoint_mapping=keypoint_mapping,
            **kwargs)

    def _split(self, name: str, array: np.ndarray):
        """Keypoints (T, S, 2) and flags (T, S) of one array."""
        if array.ndim != 3 or array.shape[-1] not in (2, 3):
            raise self.error(
                self.ann_file, name,
                f'expected shape (T, S, 2) or (T, S, 3) (x, y[, flag]), '
                f'got {array.shape}')
        if not np.issubdtype(array.dtype, np.number):
            raise self.error(self.ann_file, name,
                             f'expected numbers, got {array.dtype}')
        array = np.asarray(array, dtype=np.float64)
        keypoints = array[..., :2]
        if array.shape[-1] == 3:
            flags = array[..., 2]
        else:
            flags = np.isfinite(keypoints).all(axis=-1).astype(np.float64)
        return keypoints, flags

    def _names(self, arrays: dict) -> List[str]:
        if self.sequence_names is None:
            return sorted(arrays)
        missing = [n for n in self.sequence_names if n not in arrays]
        if missing:
            raise self.error(
                self.ann_file, missing[0],
                f'sequence missing; the file has {sorted(arrays)}')
        return self.sequence_names

    def load_sequences(self) -> List[dict]:
        """Every (chosen) array of the file as a sequence."""
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(
                f'{self.ann_file} does not exist: ann_file is a .npz of '
                '(T, S, 2|3) keypoint sequences (see docs/pretraining.md)')
        arrays = open_npz(self.ann_file)
        sequences = []
        for name in self._names(arrays):
            keypoints, visible = self._split(name, arrays[name])
            sequences.append(
                dict(
                    name=name,
                    keypoints=keypoints,
                    visible=visible,
                    path=self.ann_file))
        return sequences
