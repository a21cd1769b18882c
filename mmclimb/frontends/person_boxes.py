"""Per-frame person boxes for the detector front end, from a file.

Symbols: T frames.

Contract:
    :func:`load_person_boxes` reads boxes ``x1, y1, x2, y2`` in image pixels
    and returns them as (T, 4) float32. Accepted files:

    - ``.npy``: an array (T, 4), or (4, ) for one box used on every frame;
    - ``.npz``: its ``bboxes`` array (T, 4) (e.g. a ClimbAlong
      ``input/<video>.npz``);
    - ``.json``: a list of T ``[x1, y1, x2, y2]`` lists, or an object with
      such a list under ``"bboxes"``.

    The file must hold one box per video frame (or a single box); with
    ``num_frames`` smaller than that, its first ``num_frames`` rows are used.
    Every used box must be finite with ``x2 > x1`` and ``y2 > y1``; any
    problem raises ``ValueError`` naming the file, the field and the first
    bad frame.
"""
import json
import os.path as osp

import numpy as np

__all__ = ['load_person_boxes']


def _read(path: str) -> np.ndarray:
    """The raw box array of ``path``, by its extension."""
    ext = osp.splitext(path)[1].lower()
    if ext == '.npy':
        return np.load(path, allow_pickle=False)
    if ext == '.npz':
        with np.load(path, allow_pickle=False) as arrays:
            if 'bboxes' not in arrays:
                raise ValueError(f'{path}: field "bboxes": missing; the file '
                                 f'has {sorted(arrays.files)}')
            return arrays['bboxes']
    if ext == '.json':
        with open(path) as file:
            document = json.load(file)
        if isinstance(document, dict):
            if 'bboxes' not in document:
                raise ValueError(f'{path}: field "bboxes": missing')
            document = document['bboxes']
        try:
            return np.asarray(document, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f'{path}: field "bboxes": expected a list of '
                             '[x1, y1, x2, y2] lists') from None
    raise ValueError(f'{path}: unknown box file type {ext!r} (expected '
                     '.npy, .npz or .json)')


def load_person_boxes(path: str, video_frames: int,
                      num_frames: int) -> np.ndarray:
    """Read and check one person box per frame.

    Args:
        path (str): The box file.
        video_frames (int): Frames in the video.
        num_frames (int): Frames to return (at most ``video_frames``).

    Returns:
        np.ndarray: (num_frames, 4) float32 x1, y1, x2, y2.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path}: no such box file')
    boxes = np.asarray(_read(path), dtype=np.float64)
    if boxes.shape == (4, ):
        boxes = np.tile(boxes, (num_frames, 1))
    elif boxes.ndim != 2 or boxes.shape[1] != 4 or \
            boxes.shape[0] != video_frames:
        raise ValueError(f'{path}: field "bboxes": expected shape '
                         f'({video_frames}, 4) (one x1, y1, x2, y2 box per '
                         f'video frame) or (4,), got {boxes.shape}')
    boxes = boxes[:num_frames]
    finite = np.isfinite(boxes).all(axis=1)
    good = finite & (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
    if not good.all():
        frame = int(np.flatnonzero(~good)[0])
        raise ValueError(f'{path}: field "bboxes": frame {frame} has box '
                         f'{boxes[frame].tolist()} (expected finite values '
                         'with x2 > x1 and y2 > y1)')
    return boxes.astype(np.float32)
