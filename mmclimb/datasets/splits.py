"""Split files: which windows of which videos belong to each split.

A split file (JSON, see ``docs/climbalong_format.md``) records the window
geometry it was made for and, per split name, a list of entries: a bare video
name (all of its windows) or ``{"video": name, "windows": [a, b]}``, the
half-open range of window indices ``a..b-1``. Window ``w`` of a video covers
frames ``[w * seq_step, w * seq_step + seq_len)``; a video shorter than
``seq_len`` has exactly one (padded) window.
"""
import json
import os.path as osp
from typing import Dict, List, Sequence, Tuple, Union

from mmclimb.fileio import save_json_atomic

__all__ = [
    'num_windows', 'thesis_split', 'per_video_split', 'save_split',
    'load_split', 'resolve_split'
]

Entry = Union[str, Dict]


def num_windows(num_frames: int, seq_len: int, seq_step: int) -> int:
    """Number of windows of a video; at least one (padded) if it has frames.

    Args:
        num_frames (int): Frames in the video.
        seq_len (int): Frames per window.
        seq_step (int): Frames between the starts of consecutive windows.

    Returns:
        int: ``(num_frames - seq_len) // seq_step + 1``, or 1 for a video
        shorter than a window, 0 for an empty one.
    """
    if num_frames <= 0:
        return 0
    if num_frames < seq_len:
        return 1
    return (num_frames - seq_len) // seq_step + 1


def _split_file(splits: Dict[str, List[Entry]], seq_len: int,
                seq_step: int) -> dict:
    return dict(seq_len=seq_len, seq_step=seq_step, splits=splits)


def _ranges(video: str, indices: Sequence[int]) -> List[dict]:
    """Compress sorted window indices of one video into range entries."""
    entries: List[dict] = []
    for idx in indices:
        if entries and entries[-1]['windows'][1] == idx:
            entries[-1]['windows'][1] = idx + 1
        else:
            entries.append(dict(video=video, windows=[idx, idx + 1]))
    return entries


def thesis_split(video_lengths: Dict[str, int],
                 seq_len: int = 5,
                 seq_step: int = 1,
                 train_fraction: float = 0.6) -> dict:
    """The thesis split: longest video held out, then 60% train, then
    windows alternating between validation and test.

    The longest video (ties: first by name) becomes split ``'test_long'``.
    The windows of the other videos, taken video by video in name order, are
    numbered globally; the first ``train_fraction`` of them go to
    ``'train'`` and the rest alternate ``'val'``, ``'test'``, ``'val'``, ...

    Args:
        video_lengths (dict): Video name -> number of frames.
        seq_len (int): Frames per window. Defaults to 5.
        seq_step (int): Window stride in frames. Defaults to 1.
        train_fraction (float): Fraction of windows for training.
            Defaults to 0.6.

    Returns:
        dict: A split file (``seq_len``, ``seq_step``, ``splits``).
    """
    if len(video_lengths) < 2:
        raise ValueError('the thesis split needs at least two videos (one is '
                         f'held out), got {len(video_lengths)}')
    names = sorted(video_lengths)
    longest = max(names, key=lambda name: video_lengths[name])
    windows: List[Tuple[str, int]] = [
        (name, idx) for name in names if name != longest
        for idx in range(num_windows(video_lengths[name], seq_len, seq_step))
    ]
    num_train = int(round(train_fraction * len(windows)))
    assignment = {name: dict(train=[], val=[], test=[]) for name in names}
    for position, (name, idx) in enumerate(windows):
        if position < num_train:
            split = 'train'
        else:
            split = 'val' if (position - num_train) % 2 == 0 else 'test'
        assignment[name][split].append(idx)
    splits: Dict[str, List[Entry]] = dict(
        train=[], val=[], test=[], test_long=[longest])
    for name in names:
        for split, indices in assignment[name].items():
            splits[split].extend(_ranges(name, indices))
    return _split_file(splits, seq_len, seq_step)


def per_video_split(video_lengths: Dict[str, int],
                    fractions: Dict[str, float],
                    seq_len: int = 5,
                    seq_step: int = 1) -> dict:
    """Whole videos per split, in name order, by fractions of the videos.

    Args:
        video_lengths (dict): Video name -> number of frames.
        fractions (dict): Split name -> fraction of the videos, e.g.
            ``{'train': 0.6, 'val': 0.2, 'test': 0.2}``; the last split
            takes the remainder. Every split gets at least one video when
            there are enough videos.
        seq_len (int): Frames per window. Defaults to 5.
        seq_step (int): Window stride in frames. Defaults to 1.

    Returns:
        dict: A split file (``seq_len``, ``seq_step``, ``splits``).
    """
    names = sorted(video_lengths)
    if len(names) < len(fractions):
        raise ValueError(f'{len(names)} videos cannot fill {len(fractions)} '
                         f'splits {list(fractions)}')
    splits: Dict[str, List[Entry]] = {}
    start = 0
    split_names = list(fractions)
    for i, split in enumerate(split_names):
        left_for_others = len(split_names) - i - 1
        if left_for_others == 0:
            stop = len(names)
        else:
            stop = start + max(1, int(round(fractions[split] * len(names))))
            stop = min(stop, len(names) - left_for_others)
        splits[split] = names[start:stop]
        start = stop
    return _split_file(splits, seq_len, seq_step)


def save_split(split: dict, path: str) -> None:
    """Write a split file atomically (a temporary file, then a rename)."""
    save_json_atomic(path, split)


def load_split(path: str) -> dict:
    """Read and check a split file.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: The JSON is invalid or lacks a field; the message names
            the file and the field.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'split file {path} does not exist')
    try:
        with open(path) as f:
            split = json.load(f)
    except json.JSONDecodeError as err:
        raise ValueError(f'{path}: not valid JSON ({err})') from None
    for field, kind in (('seq_len', int), ('seq_step', int), ('splits',
                                                                dict)):
        if not isinstance(split.get(field), kind):
            raise ValueError(f'{path}: field "{field}" must be a '
                             f'{kind.__name__}, got {split.get(field)!r}')
    return split


def resolve_split(split: dict, name: str, video_lengths: Dict[str, int],
                  path: str = '<split>') -> List[Tuple[str, int]]:
    """The ``(video, window index)`` pairs of one split, in file order.

    Args:
        split (dict): A split file as returned by :func:`load_split`.
        name (str): The split to resolve, e.g. ``'train'``.
        video_lengths (dict): Video name -> number of frames, of the videos
            present on disk.
        path (str): The split file's path, for error messages.

    Returns:
        list[tuple[str, int]]: The windows of the split.

    Raises:
        KeyError: ``name`` is not a split of the file.
        ValueError: An entry names a missing video or windows out of range.
    """
    if name not in split['splits']:
        raise KeyError(f'{path}: no split "{name}"; the file has '
                       f'{sorted(split["splits"])}')
    seq_len, seq_step = split['seq_len'], split['seq_step']
    pairs: List[Tuple[str, int]] = []
    for entry in split['splits'][name]:
        video = entry if isinstance(entry, str) else entry.get('video')
        if video not in video_lengths:
            raise ValueError(f'{path}: split "{name}" names video '
                             f'{video!r}, which is not in the dataset')
        total = num_windows(video_lengths[video], seq_len, seq_step)
        start, stop = (0, total) if isinstance(entry, str) else entry.get(
            'windows', (0, total))
        if not 0 <= start < stop <= total:
            raise ValueError(
                f'{path}: split "{name}" asks for windows [{start}, {stop}) '
                f'of video {video!r}, which has {total} windows of '
                f'seq_len={seq_len}, seq_step={seq_step}')
        pairs.extend((video, idx) for idx in range(start, stop))
    return pairs
