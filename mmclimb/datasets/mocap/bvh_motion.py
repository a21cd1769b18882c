"""A BVH motion-capture file read into numpy arrays.

Symbols: J nodes of the hierarchy (joints and End Sites, in file order, so a
parent always comes before its children), N frames, C channels in all.

Data contract of :func:`read_bvh` (text BVH: a ``HIERARCHY`` section of
nested ``ROOT``/``JOINT``/``End Site`` blocks, each with an ``OFFSET`` and,
except End Sites, a ``CHANNELS`` list; then ``MOTION``, ``Frames: N``,
``Frame Time: t`` and N lines of C numbers):

- :attr:`BVHMotion.names` (J,): joint names as written; an End Site is
  named ``'<parent name>_EndSite'`` (numbered ``_EndSite2``, ... when its
  parent has several).
- :attr:`BVHMotion.parents` (J,) int: the parent's index, -1 for a root.
- :attr:`BVHMotion.offsets` (J, 3) float64: each node's ``OFFSET`` in its
  parent's frame, in the file's unit.
- :attr:`BVHMotion.channels` (J,): each node's channel names in file order
  (one of :data:`CHANNEL_NAMES`; End Sites have none), and
  :attr:`BVHMotion.channel_start` (J,) int the column of its first channel
  in :attr:`BVHMotion.motion`; :attr:`BVHMotion.is_end_site` (J,) bool.
- :attr:`BVHMotion.motion` (N, C) float64: the channel values, rotations in
  degrees.
- :attr:`BVHMotion.frame_time`: seconds per frame.

Every problem raises :class:`BVHFormatError` with the message
``'<path>: line <n>: <what>'``. The MOTION block is parsed in one call of
numpy's text reader (about 1 s for 80 MB); only when that fails is it
scanned line by line to name the bad line.
"""
import re
import warnings
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np

__all__ = ['BVHFormatError', 'BVHMotion', 'CHANNEL_NAMES', 'read_bvh']

#: The channel names BVH allows.
CHANNEL_NAMES = ('Xposition', 'Yposition', 'Zposition', 'Xrotation',
                 'Yrotation', 'Zrotation')

_MOTION_LINE = re.compile(r'^[ \t]*MOTION[ \t]*\r?$', re.MULTILINE)


class BVHFormatError(ValueError):
    """A BVH file that does not follow the format."""


@dataclass(eq=False)
class BVHMotion:
    """The hierarchy and channel values of one BVH file.

    Attributes:
        path (str): The file read, for messages.
        names (tuple[str]): (J,) node names (End Sites as
            ``'<parent>_EndSite'``).
        parents (np.ndarray): (J,) int64 parent index, -1 for a root.
        offsets (np.ndarray): (J, 3) float64 ``OFFSET`` of each node.
        channels (tuple[tuple[str]]): (J,) channel names of each node, in
            file order; empty for End Sites.
        channel_start (np.ndarray): (J,) int64 column in :attr:`motion` of
            each node's first channel.
        frame_time (float): Seconds per frame.
        motion (np.ndarray): (N, C) float64 channel values; rotations in
            degrees.
        is_end_site (np.ndarray): (J,) bool, True for End Sites.
    """
    path: str
    names: Tuple[str, ...]
    parents: np.ndarray
    offsets: np.ndarray
    channels: Tuple[Tuple[str, ...], ...]
    channel_start: np.ndarray
    frame_time: float
    motion: np.ndarray
    is_end_site: np.ndarray

    @property
    def num_frames(self) -> int:
        """N, the number of frames."""
        return int(self.motion.shape[0])

    @property
    def num_channels(self) -> int:
        """C, the number of channel values per frame."""
        return int(self.motion.shape[1])

    @property
    def num_nodes(self) -> int:
        """J, the number of nodes (joints and End Sites)."""
        return len(self.names)

    @property
    def fps(self) -> float:
        """Frames per second, ``1 / frame_time``."""
        return 1.0 / self.frame_time

    def index(self, name: str) -> int:
        """The index of the node called ``name``.

        Raises:
            KeyError: No node has that name.
        """
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f'{self.path}: no joint named {name!r}') from None

    def indices(self, joints: Sequence[Union[int, str]]) -> np.ndarray:
        """(len(joints),) int64 indices of joints given by name or index."""
        out = []
        for j in joints:
            if isinstance(j, str):
                out.append(self.index(j))
            else:
                j = int(j)
                if not 0 <= j < self.num_nodes:
                    raise IndexError(f'{self.path}: joint index {j} out of '
                                     f'range [0, {self.num_nodes})')
                out.append(j)
        return np.asarray(out, dtype=np.int64)


def _tokens(text: str, first_line: int) -> List[Tuple[str, int]]:
    """Whitespace-separated tokens of ``text`` with their 1-based line."""
    out = []
    for n, line in enumerate(text.split('\n'), start=first_line):
        out.extend((tok, n) for tok in line.split())
    return out


class _HierarchyParser:
    """Recursive-descent parser of the HIERARCHY section's tokens."""

    def __init__(self, path: str, tokens: List[Tuple[str, int]],
                 end_line: int):
        self.path = path
        self.tokens = tokens
        self.pos = 0
        self.end_line = end_line
        self.names: List[str] = []
        self.parents: List[int] = []
        self.offsets: List[Tuple[float, float, float]] = []
        self.channels: List[Tuple[str, ...]] = []
        self.end_site: List[bool] = []
        self.end_sites_of: dict = {}

    def error(self, line: int, what: str) -> BVHFormatError:
        return BVHFormatError(f'{self.path}: line {line}: {what}')

    def next(self, what: str) -> Tuple[str, int]:
        if self.pos >= len(self.tokens):
            raise self.error(self.end_line,
                             f'expected {what}, found the end of HIERARCHY')
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect(self, word: str) -> int:
        tok, line = self.next(repr(word))
        if tok != word:
            raise self.error(line, f'expected {word!r}, found {tok!r}')
        return line

    def number(self, what: str) -> float:
        tok, line = self.next(what)
        try:
            return float(tok)
        except ValueError:
            raise self.error(line, f'expected {what}, found {tok!r}') from None

    def parse(self) -> None:
        line = self.expect('HIERARCHY')
        if self.pos >= len(self.tokens):
            raise self.error(line, 'HIERARCHY has no ROOT')
        while self.pos < len(self.tokens):
            tok, line = self.next('ROOT')
            if tok != 'ROOT':
                raise self.error(line, f'expected ROOT, found {tok!r}')
            self.node(parent=-1, line=line)

    def node(self, parent: int, line: int, end_site: bool = False) -> None:
        if end_site:
            base = f'{self.names[parent]}_EndSite'
            count = self.end_sites_of.get(parent, 0) + 1
            self.end_sites_of[parent] = count
            name = base if count == 1 else f'{base}{count}'
        else:
            name, line = self.next('a joint name')
            if name == '{':
                raise self.error(line, 'joint without a name')
            if name in self.names:
                raise self.error(line, f'duplicate joint name {name!r}')
        index = len(self.names)
        self.names.append(name)
        self.parents.append(parent)
        self.offsets.append((0.0, 0.0, 0.0))
        self.channels.append(())
        self.end_site.append(end_site)
        self.expect('{')
        tok, line = self.next('OFFSET')
        if tok != 'OFFSET':
            raise self.error(line, f'{name}: expected OFFSET, found {tok!r}')
        self.offsets[index] = tuple(
            self.number(f'{name}: an OFFSET number') for _ in range(3))
        if not end_site:
            tok, line = self.next('CHANNELS')
            if tok != 'CHANNELS':
                raise self.error(line,
                                 f'{name}: expected CHANNELS, found {tok!r}')
            ctok, cline = self.next('the channel count')
            if not ctok.isdigit():
                raise self.error(cline, f'{name}: expected the channel count, '
                                 f'found {ctok!r}')
            chans = []
            for _ in range(int(ctok)):
                ch, chline = self.next(f'{name}: a channel name')
                if ch not in CHANNEL_NAMES:
                    raise self.error(
                        chline, f'{name}: unknown channel name {ch!r} '
                        f'(expected one of {", ".join(CHANNEL_NAMES)})')
                if ch in chans:
                    raise self.error(chline,
                                     f'{name}: channel {ch!r} given twice')
                chans.append(ch)
            self.channels[index] = tuple(chans)
        while True:
            tok, line = self.next("'}'")
            if tok == '}':
                return
            if end_site:
                raise self.error(line, f'{name}: expected }} after the End '
                                 f'Site OFFSET, found {tok!r}')
            if tok == 'JOINT':
                self.node(parent=index, line=line)
            elif tok == 'End':
                self.expect('Site')
                self.node(parent=index, line=line, end_site=True)
            else:
                raise self.error(line, f'{name}: expected JOINT, End Site or '
                                 f'}}, found {tok!r}')


def _header_value(path: str, line: str, n: int, key: str) -> str:
    """The text after ``key:`` on header line ``n`` of the MOTION block."""
    head, sep, value = line.partition(':')
    if not sep or head.strip() != key or not value.strip():
        raise BVHFormatError(f'{path}: line {n}: expected "{key}: <value>", '
                             f'found {line.strip()!r}')
    return value.strip()


def _diagnose_rows(path: str, rows: List[str], first_line: int,
                   num_channels: int) -> None:
    """Raise :class:`BVHFormatError` naming the first bad data line."""
    for n, row in enumerate(rows, start=first_line):
        values = row.split()
        if len(values) != num_channels:
            raise BVHFormatError(
                f'{path}: line {n}: expected {num_channels} values (the '
                f'CHANNELS of the HIERARCHY), found {len(values)}')
        for v in values:
            try:
                float(v)
            except ValueError:
                raise BVHFormatError(
                    f'{path}: line {n}: not a number: {v!r}') from None
    raise BVHFormatError(f'{path}: line {first_line}: cannot parse the '
                         'MOTION data')


def read_bvh(path: str) -> BVHMotion:
    """Read a text BVH file.

    Args:
        path (str): The ``.bvh`` file.

    Returns:
        BVHMotion: Hierarchy and (N, C) float64 channel values.

    Raises:
        BVHFormatError: Malformed file (no HIERARCHY or MOTION, a bad
            joint block, an unknown channel name, a frame count that is not
            the number of data lines, a data line with the wrong number of
            values or a non-number); the message names the file and line.
    """
    path = str(path)
    with open(path, 'r', encoding='ascii', errors='replace') as f:
        text = f.read()
    match = _MOTION_LINE.search(text)
    if match is None:
        last = text.count('\n') + 1
        if not text.lstrip().startswith('HIERARCHY'):
            raise BVHFormatError(f'{path}: line 1: no HIERARCHY section')
        raise BVHFormatError(f'{path}: line {last}: no MOTION section')
    hierarchy = text[:match.start()]
    motion_line = hierarchy.count('\n') + 1
    tokens = _tokens(hierarchy, 1)
    if not tokens or tokens[0][0] != 'HIERARCHY':
        line = tokens[0][1] if tokens else 1
        raise BVHFormatError(f'{path}: line {line}: no HIERARCHY section '
                             '(the file must start with HIERARCHY)')
    parser = _HierarchyParser(path, tokens, motion_line)
    parser.parse()

    widths = np.array([len(c) for c in parser.channels], dtype=np.int64)
    channel_start = np.concatenate([[0], np.cumsum(widths)[:-1]])
    num_channels = int(widths.sum())

    # MOTION, Frames: N, Frame Time: t, then the data lines.
    rest = text[match.end():].split('\n', 3)
    while len(rest) < 4:
        rest.append('')
    frames_text, time_text, data = rest[1], rest[2], rest[3]
    value = _header_value(path, frames_text, motion_line + 1, 'Frames')
    if not value.isdigit():
        raise BVHFormatError(f'{path}: line {motion_line + 1}: the frame '
                             f'count is not a whole number: {value!r}')
    num_frames = int(value)
    value = _header_value(path, time_text, motion_line + 2, 'Frame Time')
    try:
        frame_time = float(value)
    except ValueError:
        frame_time = float('nan')
    if not frame_time > 0:
        raise BVHFormatError(f'{path}: line {motion_line + 2}: the frame '
                             f'time must be a positive number: {value!r}')

    first_data_line = motion_line + 3
    rows = data.rstrip().split('\n') if data.strip() else []
    if len(rows) != num_frames:
        raise BVHFormatError(
            f'{path}: line {motion_line + 1}: "Frames: {num_frames}" but '
            f'the MOTION block has {len(rows)} data lines (lines '
            f'{first_data_line}-{first_data_line + len(rows) - 1})')
    values: Optional[np.ndarray] = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            values = np.fromstring(data, dtype=np.float64, sep=' ')
    except (ValueError, DeprecationWarning):
        values = None
    if values is None or values.size != num_frames * num_channels:
        _diagnose_rows(path, rows, first_data_line, num_channels)
    # Equal totals can hide a short line followed by a long one.
    if any(len(r.split()) != num_channels for r in rows):
        _diagnose_rows(path, rows, first_data_line, num_channels)
    motion = values.reshape(num_frames, num_channels)
    return BVHMotion(path=path,
                     names=tuple(parser.names),
                     parents=np.asarray(parser.parents, dtype=np.int64),
                     offsets=np.asarray(parser.offsets,
                                        dtype=np.float64).reshape(-1, 3),
                     channels=tuple(parser.channels),
                     channel_start=channel_start.astype(np.int64),
                     frame_time=frame_time,
                     motion=motion,
                     is_end_site=np.asarray(parser.end_site, dtype=bool))
