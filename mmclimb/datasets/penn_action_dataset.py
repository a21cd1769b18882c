"""Penn Action's per-sequence label files as keypoint windows.

Symbols: T frames of a sequence, S = 13 Penn Action joints (head,
l/r shoulder, l/r elbow, l/r wrist, l/r hip, l/r knee, l/r ankle).

Layout (``docs/pretraining.md``): ``<data_root>/labels/<sequence>.mat``, one
MATLAB file per sequence with

- ``x``, ``y`` float (T, S): joint positions, image pixels;
- ``visibility`` (T, S): 1 visible, 0 not;
- ``train`` scalar: 1 for the training split, -1 for the test split;
- ``action`` str (needed only to filter by ``actions``);
- ``nframes`` scalar (optional; checked against T when present);
- ``bbox``, ``pose``, ``dimensions``: not used.

Joints are mapped into the ClimbAlong keypoints with ``'penn_action13'``
(the head as the nose); the 12 ClimbAlong points Penn Action lacks get flag 0.
"""
import glob
import os.path as osp
from typing import List, Optional, Sequence

import numpy as np
from mmpose.registry import DATASETS

from .keypoint_sequence_dataset import (KeypointSequenceDataset,
                                        KeypointSequenceFormatError)

__all__ = ['PennActionDataset']


@DATASETS.register_module()
class PennActionDataset(KeypointSequenceDataset):
    """Penn Action sequences (``labels/*.mat``) cut into windows.

    Args:
        data_root (str): The Penn Action folder.
        split (str, optional): ``'train'`` (``train == 1``), ``'test'``
            (``train == -1``) or None (all). Defaults to None.
        actions (Sequence[str], optional): Keep only these actions, e.g.
            the thesis's ``('baseball_pitch', 'bench_press', 'situp')``.
            Defaults to None (all).
        label_dir (str): Sub-folder of the ``.mat`` files. Defaults to
            ``'labels'``.
        visible_only (bool): Count only joints with ``visibility == 1``;
            False also trains on the labelled positions of occluded joints.
            Defaults to True.
        **kwargs: See :class:`KeypointSequenceDataset` (``seq_len``,
            ``seq_step``, ``pipeline``, ...).
    """

    DEFAULT_MAPPING = 'penn_action13'
    SPLITS = {'train': 1, 'test': -1}
    REQUIRED_FIELDS = ('x', 'y', 'visibility', 'train')

    def __init__(self,
                 data_root: str,
                 split: Optional[str] = None,
                 actions: Optional[Sequence[str]] = None,
                 label_dir: str = 'labels',
                 visible_only: bool = True,
                 **kwargs):
        if split is not None and split not in self.SPLITS:
            raise ValueError(f'split must be one of {sorted(self.SPLITS)} '
                             f'or None, got {split!r}')
        self.split = split
        self.actions = None if actions is None else tuple(actions)
        self.label_dir = label_dir
        self.visible_only = visible_only
        super().__init__(data_root=data_root, **kwargs)

    def _label_files(self) -> List[str]:
        folder = osp.join(self.data_root, self.label_dir)
        if not osp.isdir(folder):
            raise FileNotFoundError(
                f'{folder} does not exist: a Penn Action data_root holds '
                f'{self.label_dir}/<sequence>.mat (see docs/pretraining.md)')
        paths = sorted(glob.glob(osp.join(folder, '*.mat')))
        if not paths:
            raise KeypointSequenceFormatError(
                f'{folder}: no <sequence>.mat files')
        return paths

    def _read(self, path: str) -> dict:
        """The fields of one ``.mat`` file, checked."""
        from scipy.io import loadmat
        try:
            fields = loadmat(path)
        except Exception as exc:  # scipy raises several types
            raise KeypointSequenceFormatError(
                f'{path}: not a readable MATLAB file ({exc})') from exc
        for field in self.REQUIRED_FIELDS:
            if field not in fields:
                names = sorted(k for k in fields if not k.startswith('__'))
                raise self.error(path, field,
                                 f'missing; the file has {names}')
        return fields

    def _scalar(self, fields: dict, field: str, path: str) -> float:
        value = np.asarray(fields[field]).reshape(-1)
        if value.size != 1 or not np.issubdtype(value.dtype, np.number):
            raise self.error(path, field,
                             f'expected one number, got {fields[field]!r}')
        return float(value[0])

    def _action(self, fields: dict, path: str) -> str:
        if 'action' not in fields:
            raise self.error(path, 'action',
                             'missing, but actions= filters by it')
        return str(np.asarray(fields['action']).reshape(-1)[0]).strip()

    def _in_split(self, fields: dict, path: str) -> bool:
        flag = self._scalar(fields, 'train', path)
        if flag not in (1, -1):
            raise self.error(path, 'train',
                             f'expected 1 (train) or -1 (test), got {flag:g}')
        return self.split is None or flag == self.SPLITS[self.split]

    def _joints(self, fields: dict, path: str):
        """Keypoints (T, S, 2) and flags (T, S) of a checked file."""
        x, y, visibility = (np.asarray(fields[f], dtype=np.float64)
                            for f in ('x', 'y', 'visibility'))
        expected = self.mapping.expected_source
        for name, value in (('x', x), ('y', y), ('visibility', visibility)):
            if value.ndim != 2 or value.shape != x.shape or \
                    not self.mapping.accepts(value.shape[1]):
                raise self.error(
                    path, name, f'expected shape (T, S) with S {expected}, '
                    f'the same as "x", got {value.shape} ("x" is '
                    f'{x.shape})')
        if 'nframes' in fields:
            nframes = self._scalar(fields, 'nframes', path)
            if nframes != x.shape[0]:
                raise self.error(
                    path, 'nframes',
                    f'says {nframes:g} frames, but "x" has {x.shape[0]}')
        flags = visibility > 0 if self.visible_only else np.ones_like(x)
        return np.stack([x, y], axis=-1), flags.astype(np.float32)

    def load_sequences(self) -> List[dict]:
        """Every ``.mat`` file of the split (and actions) as a sequence."""
        sequences = []
        for path in self._label_files():
            fields = self._read(path)
            if not self._in_split(fields, path):
                continue
            if self.actions is not None and \
                    self._action(fields, path) not in self.actions:
                continue
            keypoints, visible = self._joints(fields, path)
            sequences.append(
                dict(
                    name=osp.splitext(osp.basename(path))[0],
                    keypoints=keypoints,
                    visible=visible,
                    path=path))
        return sequences
