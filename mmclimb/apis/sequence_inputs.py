"""Reading a sequence of detections from a file into a KeypointSequence.

Symbols: T frames, K keypoints, H x W heatmap size; positions in image
pixels.

Accepted inputs (:func:`load_sequence`, by extension):

- ``.npz``, ClimbAlong input (``docs/climbalong_format.md``): ``heatmaps``
  (T, K, H, W) raw logits and ``bboxes`` (T, 4). The raw keypoints are the
  per-frame integer argmax of the heatmaps in image pixels, the scores the
  logits there; the heatmaps stay memory-mapped (read in blocks). NaN/inf
  heatmaps or bad boxes are errors (a detector output has no gaps). A
  channel without a positive logit (the refiners' normalisation leaves it
  all zero) is a missing keypoint, and so is, in every frame, a keypoint
  that an optional ``keypoints_available`` (K,) flags 0
  (``tools/video_to_climbalong.py``: keypoints the detector lacks).
- any ``.npz``: an optional scalar ``fps`` is kept as the frame rate.
- ``.npz`` with keypoints: the array named by ``key``, else the first of
  :data:`KEYPOINT_KEYS` (``keypoints``, ``det25``), shaped (T, K, 2) or
  (T, K, 3) (third channel: score or visibility), or (T, 1, K, 2|3) (one
  person, as ClimbAlong targets); optional scores (T, K) under
  ``keypoint_scores`` or ``scores`` (they take precedence over a third
  channel).
- ``.npy``: one such keypoint array.
- ``.json``: MMPose-style predictions, a list with one entry per frame. An
  entry is a list of instances (the inferencer's ``predictions``), a dict
  with ``instances`` (and optionally ``frame_id``: MMPose's saved video
  predictions and ``tools/refine.py``'s output), or one instance dict. An
  instance has ``keypoints`` (K, 2|3) and optionally ``keypoint_scores``
  (K,) and ``track_id`` (int or str). A dict with ``instance_info`` (MMPose's demo output) or
  ``predictions`` holding that list is accepted too
  (:func:`read_predictions`). :func:`load_sequence` reads one person: a
  frame without instances is missing, and a file with more than one
  instance in some frame is an error naming those frames (read it with
  :func:`~mmclimb.apis.load_tracks`, which tracks every person).

The keypoint input contract (``docs/reliability.md``): a position is
*missing* when it is NaN/inf, in a frame without a detection, or
implausible by :func:`~mmclimb.structures.implausible_keypoints`: an exact
(0, 0) placeholder, an integer array's sentinel (a negative coordinate or
the dtype's limit), or a point more than
:data:`~mmclimb.structures.FAR_FACTOR` person radii from the middle of its
frame's other keypoints (a stray point at (20000, 20000) moves no other
keypoint, nor any person box). Missing positions are filled in time
(:mod:`~mmclimb.structures.missing_keypoints`) with ONE warning per input
that counts them by kind, and get score 0. A non-finite score becomes 0
(the position is kept). Scores default to 1 where present. ClimbAlong
heatmaps are checked by the dataset reader's
:func:`~mmclimb.datasets.check_heatmaps` against the refiner's K and grid
(``heatmap_size``): another grid (64x64, 28x28) would be decoded wrong. Every problem raises
:class:`SequenceInputError` naming the file, the field and what was
expected.
"""
import json
import os.path as osp
import warnings
from typing import (Dict, Hashable, List, NamedTuple, Optional, Sequence,
                    Tuple)

import numpy as np

from mmclimb.datasets import ClimbAlongFormatError, check_heatmaps
from mmclimb.fileio import NpzFormatError, open_npz
from mmclimb.structures import (FAR_FACTOR, fill_missing_keypoints,
                                heatmap_argmax, heatmap_to_image,
                                implausible_keypoints)
from .keypoint_sequence import KeypointSequence

__all__ = [
    'KEYPOINT_KEYS', 'SCORE_KEYS', 'PredictedInstance', 'SequenceInputError',
    'check_num_keypoints', 'check_sequence_heatmaps', 'frames_text',
    'load_sequence', 'parse_instance', 'read_predictions',
    'sequence_from_keypoints'
]

#: keypoint arrays looked for in a ``.npz``, in this order
KEYPOINT_KEYS = ('keypoints', 'det25')
#: optional score arrays of a keypoint ``.npz``, in this order
SCORE_KEYS = ('keypoint_scores', 'scores')


class SequenceInputError(ValueError):
    """An input sequence that does not follow the accepted formats."""


def _error(source: str, field: str, message: str) -> SequenceInputError:
    return SequenceInputError(f'{source}: field "{field}": {message}')


def check_num_keypoints(source: str, field: str, found: int,
                        num_keypoints: Optional[int]) -> None:
    """Raise a :class:`SequenceInputError` unless ``found`` keypoints per
    frame are the refiner's ``num_keypoints`` (None: any)."""
    if num_keypoints is not None and found != num_keypoints:
        raise _error(
            source, field, f'expected {num_keypoints} keypoints per frame '
            f'(the refiner\'s layout), got {found}')


#: how the warning names the rules of :func:`implausible_keypoints`
REJECTED_NAMES = dict(
    placeholder='(0, 0) placeholders',
    sentinel='integer sentinels (negative or the dtype\'s limit)',
    far='far from the rest of their frame (more than '
    f'{FAR_FACTOR:g} person radii)')


def rejected_kinds(counts: Dict[str, int]) -> List[str]:
    """``'N <what the rule rejects>'`` for each rule of
    :func:`implausible_keypoints` that rejected something, for messages."""
    return [
        f'{count} {REJECTED_NAMES[name]}' for name, count in counts.items()
        if count
    ]


def _warn_missing(source: str, missing: np.ndarray, rejected: dict) -> None:
    """One warning for every position treated as missing, with counts."""
    frames = int(missing.all(axis=1).sum())
    kinds = rejected_kinds(
        {name: int(mask.sum()) for name, mask in rejected.items()})
    not_finite = int(missing.sum()) - sum(
        int(mask.sum()) for mask in rejected.values())
    if kinds and not_finite:
        kinds.insert(0, f'{not_finite} NaN/inf')
    detail = f' ({", ".join(kinds)})' if kinds else ''
    warnings.warn(
        f'{source}: {int(missing.sum())} missing keypoint positions '
        f'({frames} whole frames) filled by linear interpolation in time '
        f'(edges held); they get score 0{detail}')


def sequence_from_keypoints(keypoints,
                            scores=None,
                            source: str = '<array>',
                            field: str = 'keypoints',
                            num_keypoints: Optional[int] = None
                            ) -> KeypointSequence:
    """Check a keypoint array and fill its gaps.

    Args:
        keypoints (array-like): (T, K, 2), (T, K, 3) with a score channel,
            or (T, 1, K, 2|3); image pixels, NaN where missing.
        scores (array-like, optional): (T, K); defaults to the third
            channel, else ones.
        source (str): Name for messages (the file).
        field (str): Name of the array for messages.
        num_keypoints (int, optional): Expected K.

    Returns:
        KeypointSequence: Without boxes or heatmaps.
    """
    try:
        raw = np.asarray(keypoints)
        array = raw.astype(np.float64)
    except (TypeError, ValueError) as err:
        raise _error(source, field, f'not a numeric array ({err})') from None
    if array.ndim == 4 and array.shape[1] == 1:
        array, raw = array[:, 0], raw[:, 0]
    if array.ndim != 3 or array.shape[-1] not in (2, 3):
        raise _error(
            source, field, 'expected shape (T, K, 2) or (T, K, 3) '
            f'(x, y[, score] in image pixels), got {array.shape}')
    if array.shape[0] == 0:
        raise _error(source, field, 'has no frames (empty sequence)')
    check_num_keypoints(source, field, array.shape[1], num_keypoints)
    if scores is None:
        scores = array[..., 2] if array.shape[-1] == 3 else np.ones(
            array.shape[:2])
    scores = np.asarray(scores, dtype=np.float64)
    if scores.shape != array.shape[:2]:
        raise _error(
            source, 'scores', f'expected shape {array.shape[:2]} to match '
            f'"{field}", got {scores.shape}')
    positions = array[..., :2]
    rejected = implausible_keypoints(raw[..., :2])
    dropped = np.logical_or.reduce(list(rejected.values()))
    try:
        filled, missing = fill_missing_keypoints(
            np.where(dropped[..., None], np.nan, positions))
    except ValueError as err:
        raise _error(source, field, str(err)) from None
    if missing.any():
        _warn_missing(source, missing, rejected)
    scores = np.where(missing | ~np.isfinite(scores), 0.0, scores)
    return KeypointSequence(
        keypoints=filled,
        scores=scores.astype(np.float32),
        missing=missing,
        source=source)


# ----------------------------------------------------------------------
# .npz / .npy
# ----------------------------------------------------------------------
def check_sequence_heatmaps(path: str, heatmaps: np.ndarray,
                            num_keypoints: Optional[int],
                            heatmap_size: Optional[Tuple[int, int]]) -> None:
    """The dataset reader's heatmap check
    (:func:`~mmclimb.datasets.check_heatmaps`) with the refiner's K and
    grid (W, H); None takes the file's own."""
    if heatmaps.ndim != 4:
        raise _error(path, 'heatmaps', 'expected shape (T, K, H, W), got '
                     f'{heatmaps.shape}')
    check_num_keypoints(path, 'heatmaps', heatmaps.shape[1], num_keypoints)
    size = heatmap_size or (heatmaps.shape[3], heatmaps.shape[2])
    try:
        check_heatmaps(heatmaps, path, heatmaps.shape[1], tuple(size))
    except ClimbAlongFormatError as err:
        hint = '' if heatmap_size is None else (
            ' (the refiner\'s grid, from its config: heatmaps of another '
            'size would be decoded on the wrong grid)')
        raise SequenceInputError(f'{err}{hint}') from None


def _climbalong_sequence(path: str, arrays: dict,
                         num_keypoints: Optional[int],
                         heatmap_size: Optional[Tuple[int, int]]
                         ) -> KeypointSequence:
    """Check a ClimbAlong input file; positions are decoded later."""
    heatmaps, bboxes = arrays['heatmaps'], arrays['bboxes']
    check_sequence_heatmaps(path, heatmaps, num_keypoints, heatmap_size)
    num_frames = heatmaps.shape[0]
    if bboxes.shape != (num_frames, 4):
        raise _error(
            path, 'bboxes', f'expected shape ({num_frames}, 4) to match the '
            f'{num_frames} heatmap frames, got {bboxes.shape}')
    bboxes = np.array(bboxes, dtype=np.float32)  # a copy, not the map
    bad = ~np.isfinite(bboxes).all(axis=1) | (bboxes[:, 2] <= bboxes[:, 0]) \
        | (bboxes[:, 3] <= bboxes[:, 1])
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise _error(
            path, 'bboxes', f'box {bboxes[first].tolist()} at frame {first} '
            'is not finite with x2 > x1 and y2 > y1')
    keypoints, scores = _decode_heatmaps(heatmaps, bboxes)
    bad = ~np.isfinite(scores)
    if bad.any():
        first = int(np.argwhere(bad)[0][0])
        raise _error(path, 'heatmaps',
                     f'NaN or inf values (first at frame {first})')
    available = _available(path, arrays, heatmaps.shape[1])
    # no positive logit: the refiners' normalisation leaves no position
    empty = available & (scores <= 0)
    if empty.any():
        warnings.warn(
            f'{path}: {int(empty.sum())} heatmap channels have no positive '
            'value; their keypoints are filled by linear interpolation in '
            'time (edges held) and get score 0')
    missing = ~available | empty
    if missing.any():
        try:
            keypoints, _ = fill_missing_keypoints(
                np.where(missing[..., None], np.nan, keypoints))
        except ValueError:
            raise _error(path, 'heatmaps', 'no channel of any frame has a '
                         'positive value (no keypoint to refine)') from None
        scores[missing] = 0
    return KeypointSequence(
        keypoints=keypoints,
        scores=scores,
        missing=missing,
        bboxes=bboxes,
        heatmaps=heatmaps,
        source=path)


def _available(path: str, arrays: dict, num_keypoints: int) -> np.ndarray:
    """The ``keypoints_available`` flags (K,) bool, all True if absent."""
    if 'keypoints_available' not in arrays:
        return np.ones(num_keypoints, bool)
    available = np.asarray(arrays['keypoints_available'])
    if available.shape != (num_keypoints, ):
        raise _error(path, 'keypoints_available', f'expected shape '
                     f'({num_keypoints},), got {available.shape}')
    if not available.any():
        raise _error(path, 'keypoints_available', 'no keypoint is available')
    return available > 0


def _decode_heatmaps(heatmaps: np.ndarray, bboxes: np.ndarray,
                     block: int = 256):
    """Per-frame argmax of (memory-mapped) heatmaps, read in blocks of
    frames: positions (T, K, 2) in image pixels and values (T, K)."""
    heatmap_size = (heatmaps.shape[-1], heatmaps.shape[-2])
    positions, values = [], []
    for start in range(0, heatmaps.shape[0], block):
        chunk = np.asarray(heatmaps[start:start + block], dtype=np.float32)
        uv, value = heatmap_argmax(chunk)
        positions.append(
            heatmap_to_image(uv, bboxes[start:start + block], heatmap_size))
        # a NaN anywhere in a channel makes its value NaN
        values.append(np.where(np.isfinite(chunk).all(axis=(-2, -1)), value,
                               np.nan))
    return (np.concatenate(positions).astype(np.float32),
            np.concatenate(values).astype(np.float32))


def _npz_sequence(path: str, key: Optional[str], num_keypoints: Optional[int],
                  heatmap_size: Optional[Tuple[int, int]]
                  ) -> KeypointSequence:
    try:
        arrays = open_npz(path)
    except NpzFormatError as err:
        raise SequenceInputError(str(err)) from None
    if key is None and 'heatmaps' in arrays and 'bboxes' in arrays:
        sequence = _climbalong_sequence(path, arrays, num_keypoints,
                                        heatmap_size)
        sequence.fps = _fps(arrays)
        return sequence
    names = (key, ) if key is not None else KEYPOINT_KEYS
    found = [name for name in names if name in arrays]
    if not found:
        wanted = ' or '.join(f'"{name}"' for name in names)
        raise _error(
            path, names[0], f'missing: expected keypoints under {wanted} '
            '(or "heatmaps" and "bboxes" for ClimbAlong input); the file '
            f'has {sorted(arrays)}')
    scores_key = next((name for name in SCORE_KEYS if name in arrays), None)
    sequence = sequence_from_keypoints(
        arrays[found[0]],
        None if scores_key is None else arrays[scores_key],
        source=path,
        field=found[0],
        num_keypoints=num_keypoints)
    sequence.fps = _fps(arrays)
    return sequence


def _fps(arrays: dict) -> Optional[float]:
    """A positive scalar ``fps`` of a ``.npz``, else None."""
    fps = arrays.get('fps')
    if fps is None or np.size(fps) != 1:
        return None
    fps = float(np.asarray(fps).reshape(()))
    return fps if np.isfinite(fps) and fps > 0 else None


def _npy_sequence(path: str, num_keypoints: Optional[int]):
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as err:
        raise SequenceInputError(
            f'{path}: not a readable .npy file ({err})') from None
    return sequence_from_keypoints(
        array, source=path, field='array', num_keypoints=num_keypoints)


# ----------------------------------------------------------------------
# .json
# ----------------------------------------------------------------------
def _json_frames(path: str, document) -> List:
    """The per-frame entries of a prediction document."""
    if isinstance(document, dict):
        for name in ('instance_info', 'predictions'):
            if name in document:
                document = document[name]
                break
        else:
            raise _error(
                path, 'instance_info', 'expected a list of per-frame '
                'predictions, or a dict holding one under "instance_info" '
                f'or "predictions"; the dict has {sorted(document)}')
    if not isinstance(document, list):
        raise _error(path, '<root>', 'expected a list of per-frame '
                     f'predictions, got {type(document).__name__}')
    if not document:
        raise _error(path, '<root>', 'has no frames (empty sequence)')
    return document


def _frame_instances(path: str, index: int, entry) -> List[dict]:
    if isinstance(entry, list):
        return entry
    if isinstance(entry, dict) and 'instances' in entry:
        return entry['instances']
    if isinstance(entry, dict) and 'keypoints' in entry:
        return [entry]
    raise _error(
        path, f'[{index}]', 'expected a list of instances, a dict with '
        '"instances", or an instance with "keypoints"')


class PredictedInstance(NamedTuple):
    """One person in one frame of a prediction ``.json``.

    Attributes:
        keypoints (np.ndarray): (K, 2) float64 image pixels, NaN where not
            finite.
        scores (np.ndarray): (K,) float64: ``keypoint_scores``, else a
            third keypoint channel, else ones.
        track_id: The instance's ``track_id`` (int or str), None if absent.
    """
    keypoints: np.ndarray
    scores: np.ndarray
    track_id: Optional[Hashable]


def parse_instance(path: str, index: int, number: int,
                   instance) -> PredictedInstance:
    """Check and parse one instance dict: instance ``number`` of frame
    ``index`` of ``path`` (for messages)."""
    field = f'[{index}].instances[{number}]'
    if not isinstance(instance, dict) or 'keypoints' not in instance:
        raise _error(path, field + '.keypoints', 'missing: every instance '
                     'needs "keypoints" (K, 2) in image pixels')
    try:
        keypoints = np.asarray(instance['keypoints'], dtype=np.float64)
        scores = instance.get('keypoint_scores')
        scores = None if scores is None else np.asarray(
            scores, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as err:
        raise _error(path, field + '.keypoints',
                     f'not numeric ({err})') from None
    if keypoints.ndim != 2 or keypoints.shape[1] not in (2, 3):
        raise _error(path, field + '.keypoints', 'expected (K, 2) or (K, 3) '
                     f'per instance, got {keypoints.shape}')
    if scores is None:
        scores = keypoints[:, 2] if keypoints.shape[1] == 3 else np.ones(
            len(keypoints))
    elif scores.shape != (len(keypoints), ):
        raise _error(path, field + '.keypoint_scores', f'expected '
                     f'{len(keypoints)} scores, got {scores.shape}')
    track_id = instance.get('track_id')
    if track_id is not None and not isinstance(track_id, (int, str)):
        raise _error(path, field + '.track_id', 'expected an int or str, got '
                     f'{track_id!r}')
    positions = keypoints[:, :2]
    positions = np.where(np.isfinite(positions), positions, np.nan)
    return PredictedInstance(positions, scores, track_id)


def read_predictions(
        path: str) -> Tuple[int, Dict[int, List[PredictedInstance]]]:
    """Read every instance of an MMPose-style prediction ``.json``.

    Args:
        path (str): The file (layouts: see the module docstring).

    Returns:
        tuple: the number of frames T (``max(frame_id) + 1`` when every
        entry has a non-negative int ``frame_id``, else the entry count)
        and the instances of every frame index (frames without any are
        left out).

    Raises:
        SequenceInputError: Bad content, instances of different K, or no
        instance at all.
    """
    try:
        with open(path, encoding='utf-8') as file:
            document = json.load(file)
    except (ValueError, UnicodeDecodeError) as err:
        raise SequenceInputError(
            f'{path}: not a readable JSON file ({err})') from None
    frames = _json_frames(path, document)
    ids = [entry.get('frame_id') if isinstance(entry, dict) else None
           for entry in frames]
    if all(isinstance(i, int) and i >= 0 for i in ids):
        num_frames = max(ids) + 1
    else:
        ids, num_frames = list(range(len(frames))), len(frames)
    instances = {}
    for index, (frame_id, entry) in enumerate(zip(ids, frames)):
        found = [
            parse_instance(path, index, number, instance)
            for number, instance in
            enumerate(_frame_instances(path, index, entry))
        ]
        if found:
            instances.setdefault(frame_id, []).extend(found)
    if not instances:
        raise _error(path, 'instances', 'no frame has an instance')
    sizes = {len(i.keypoints) for frame in instances.values() for i in frame}
    if len(sizes) != 1:
        raise _error(path, 'keypoints', 'expected the same number of '
                     f'keypoints K in every instance; got {sorted(sizes)}')
    return num_frames, instances


def frames_text(frames: Sequence[int], limit: int = 10) -> str:
    """``'frames [3, 4, ...] (12 frames)'``: frame indices for messages."""
    shown = ', '.join(str(t) for t in list(frames)[:limit])
    more = ', ...' if len(frames) > limit else ''
    return f'frames [{shown}{more}] ({len(frames)} frames)'


def _json_sequence(path: str, num_keypoints: Optional[int]):
    num_frames, instances = read_predictions(path)
    crowded = sorted(t for t, found in instances.items() if len(found) > 1)
    if crowded:
        raise _error(
            path, 'instances', f'{frames_text(crowded)} have more than one '
            'instance; load_sequence reads one person: read every person '
            'with mmclimb.apis.load_tracks and refine them with '
            'refine_tracks (tools/refine.py does both)')
    num_kpts = len(next(iter(instances.values()))[0].keypoints)
    keypoints = np.full((num_frames, num_kpts, 2), np.nan)
    scores = np.ones((num_frames, num_kpts))
    for frame_id, (instance, ) in instances.items():
        keypoints[frame_id] = instance.keypoints
        scores[frame_id] = instance.scores
    return sequence_from_keypoints(
        keypoints, scores, source=path, num_keypoints=num_keypoints)


def load_sequence(path: str,
                  key: Optional[str] = None,
                  num_keypoints: Optional[int] = None,
                  heatmap_size: Optional[Tuple[int, int]] = None
                  ) -> KeypointSequence:
    """Read one person's detections over a video.

    Args:
        path (str): A ``.npz``, ``.npy`` or ``.json`` file (see the module
            docstring).
        key (str, optional): The keypoint array of a ``.npz``; defaults to
            the first of :data:`KEYPOINT_KEYS`, or ClimbAlong input when
            the file has ``heatmaps`` and ``bboxes``.
        num_keypoints (int, optional): Expected K (the refiner's).
        heatmap_size (tuple[int, int], optional): Expected (W, H) of
            ClimbAlong input heatmaps (the refiner's grid); checked as the
            dataset reader checks them.

    Returns:
        KeypointSequence: Gaps filled; ``bboxes`` and ``heatmaps`` set for
        ClimbAlong input (whose ``keypoints`` are the heatmaps' argmax).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        SequenceInputError: Unknown extension or bad content.
    """
    path = str(path)
    if not osp.isfile(path):
        raise FileNotFoundError(f'input sequence {path} does not exist')
    ext = osp.splitext(path)[1].lower()
    if ext == '.npz':
        return _npz_sequence(path, key, num_keypoints, heatmap_size)
    if ext == '.npy':
        return _npy_sequence(path, num_keypoints)
    if ext == '.json':
        return _json_sequence(path, num_keypoints)
    raise SequenceInputError(
        f'{path}: unknown input extension "{ext}"; expected .npz (ClimbAlong '
        'input or keypoints), .npy (keypoints) or .json (MMPose-style '
        'predictions)')
