"""Mappings of public keypoint sets into the 25 ClimbAlong keypoints.

Symbols: K = 25 ClimbAlong keypoints
(``configs/_base_/datasets/climbalong.py``), S keypoints of a source set,
``...`` any leading axes (frames, people).

A mapping says, for every ClimbAlong keypoint, which source keypoint it is
taken from, or that the source lacks it. Lacking points get flag 0 and so
zero weight in every loss and metric.

Named mappings (:data:`KEYPOINT_MAPPINGS`, FACTS 1.1):

- ``'coco17'``: COCO-17 (also PoseTrack18, whose slots 1 and 2 hold
  head_bottom and head_top instead of the eyes; neither is used);
- ``'penn_action13'``: Penn Action's 13 joints, its head used as the nose;
- ``'mediapipe33'``: MediaPipe BlazePose-33;
- ``'climbalong25'``: the identity.

A mapping in a config is one of those names or a dict ``{target: source}``
with the target a ClimbAlong index or name and the source an index into the
source's keypoints (any S above the largest source index is then accepted,
unless S is given).

Contract of :func:`map_keypoints`: ``keypoints`` (..., S, 2) float and
``visible`` (..., S) flags in -> (..., K, 2) float32 and (..., K) float32 in
{0, 1} out; missing points are (0, 0) with flag 0.

Other parts of mmclimb (e.g. a front end running a COCO-17 detector) use
:func:`get_keypoint_mapping` and :func:`map_keypoints` directly::

    from mmclimb.datasets import map_keypoints
    kpts25, vis25 = map_keypoints(coco_xy, coco_scores > 0.3, 'coco17')
"""
from typing import Dict, Mapping, Optional, Tuple, Union

import numpy as np

from .synthetic.keypoint_layout import KEYPOINT_NAMES

__all__ = [
    'CLIMBALONG_KEYPOINTS', 'KEYPOINT_MAPPINGS', 'KeypointMapping',
    'get_keypoint_mapping', 'map_keypoints'
]

#: The ClimbAlong keypoint names, in index order.
CLIMBALONG_KEYPOINTS: Tuple[str, ...] = tuple(KEYPOINT_NAMES)

#: name -> (number of source keypoints S, {ClimbAlong index: source index}).
KEYPOINT_MAPPINGS: Dict[str, Tuple[int, Dict[int, int]]] = {
    'coco17': (17, {
        0: 0, 1: 3, 2: 4, 3: 5, 4: 6, 5: 7, 6: 8, 7: 9, 8: 10, 15: 11,
        16: 12, 17: 13, 18: 14, 19: 15, 20: 16
    }),
    'penn_action13': (13, {
        0: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5, 8: 6, 15: 7, 16: 8, 17: 9,
        18: 10, 19: 11, 20: 12
    }),
    'mediapipe33': (33, {
        k: b
        for k, b in enumerate([0, 7, 8] + list(range(11, 33)))
    }),
    'climbalong25': (25, {k: k
                          for k in range(25)}),
}

MappingSpec = Union[str, Mapping, 'KeypointMapping']


class KeypointMapping:
    """A source keypoint set mapped into the ClimbAlong keypoints.

    Args:
        source_indices (np.ndarray): (K,) int, the source index of every
            ClimbAlong keypoint, -1 where the source lacks it.
        num_source_keypoints (int, optional): S; None accepts any S above
            the largest source index.
        name (str): For messages. Defaults to ``'custom'``.

    Attributes:
        source_indices (np.ndarray): (K,) int64.
        present (np.ndarray): (K,) bool, the keypoints the source has.
    """

    def __init__(self,
                 source_indices: np.ndarray,
                 num_source_keypoints: Optional[int] = None,
                 name: str = 'custom'):
        self.source_indices = np.asarray(source_indices, dtype=np.int64)
        self.num_source_keypoints = None if num_source_keypoints is None \
            else int(num_source_keypoints)
        self.name = name
        self.present = self.source_indices >= 0

    def accepts(self, num: int) -> bool:
        """Whether a source with ``num`` keypoints fits this mapping."""
        if self.num_source_keypoints is not None:
            return num == self.num_source_keypoints
        return num > int(self.source_indices.max())

    @property
    def expected_source(self) -> str:
        """S as the messages state it, e.g. ``'17'`` or ``'>= 13'``."""
        if self.num_source_keypoints is not None:
            return str(self.num_source_keypoints)
        return f'>= {int(self.source_indices.max()) + 1}'

    def __call__(self, keypoints: np.ndarray,
                 visible: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Map source keypoints; see :func:`map_keypoints`."""
        keypoints = np.asarray(keypoints, dtype=np.float32)
        visible = np.asarray(visible)
        if (keypoints.ndim < 2 or keypoints.shape[-1] != 2
                or not self.accepts(keypoints.shape[-2])
                or visible.shape != keypoints.shape[:-1]):
            raise ValueError(
                f'keypoint mapping {self.name!r} expects keypoints (..., S, '
                f'2) and flags (..., S) with S {self.expected_source}, got '
                f'{keypoints.shape} and {visible.shape}')
        index = np.where(self.present, self.source_indices, 0)
        mapped = keypoints[..., index, :] * self.present[:, None]
        flags = (visible[..., index] > 0) & self.present
        return mapped.astype(np.float32), flags.astype(np.float32)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}({self.name!r}, S '
                f'{self.expected_source}, '
                f'{int(self.present.sum())} of {len(self.present)} present)')


def _target_index(target) -> int:
    """A ClimbAlong index from an index or a name."""
    if isinstance(target, str):
        if target not in CLIMBALONG_KEYPOINTS:
            raise ValueError(
                f'unknown ClimbAlong keypoint {target!r}; the keypoints are '
                f'{list(CLIMBALONG_KEYPOINTS)}')
        return CLIMBALONG_KEYPOINTS.index(target)
    index = int(target)
    if not 0 <= index < len(CLIMBALONG_KEYPOINTS):
        raise ValueError(f'ClimbAlong keypoint index {index} out of range '
                         f'0..{len(CLIMBALONG_KEYPOINTS) - 1}')
    return index


def _from_dict(pairs: Mapping, num_source_keypoints: Optional[int],
               name: str) -> KeypointMapping:
    """A mapping from ``{target: source}``."""
    source_indices = np.full(len(CLIMBALONG_KEYPOINTS), -1, dtype=np.int64)
    for target, source in pairs.items():
        source = int(source)
        if source < 0:
            raise ValueError(f'keypoint mapping {name!r}: negative source '
                             f'index {source} for {target!r}')
        source_indices[_target_index(target)] = source
    if not (source_indices >= 0).any():
        raise ValueError(f'keypoint mapping {name!r} maps no keypoint')
    largest = int(source_indices.max()) + 1
    if num_source_keypoints is not None and largest > num_source_keypoints:
        raise ValueError(
            f'keypoint mapping {name!r} uses source index {largest - 1}, '
            f'but the source has {num_source_keypoints} keypoints')
    return KeypointMapping(source_indices, num_source_keypoints, name)


def get_keypoint_mapping(
        mapping: MappingSpec,
        num_source_keypoints: Optional[int] = None) -> KeypointMapping:
    """Resolve a mapping given by name, dict or :class:`KeypointMapping`.

    Args:
        mapping (str | dict | KeypointMapping): A name of
            :data:`KEYPOINT_MAPPINGS` or ``{target: source}``.
        num_source_keypoints (int, optional): S for a dict mapping; None
            accepts any S above its largest source index.

    Returns:
        KeypointMapping: The resolved mapping.

    Raises:
        ValueError: An unknown name (the message lists the known ones), an
            unknown ClimbAlong keypoint or an index out of range.
    """
    if isinstance(mapping, KeypointMapping):
        return mapping
    if isinstance(mapping, str):
        if mapping not in KEYPOINT_MAPPINGS:
            raise ValueError(
                f'unknown keypoint mapping {mapping!r}; the known mappings '
                f'are {sorted(KEYPOINT_MAPPINGS)}, or give a dict '
                '{climbalong_index_or_name: source_index}')
        size, pairs = KEYPOINT_MAPPINGS[mapping]
        return _from_dict(pairs, size, mapping)
    if isinstance(mapping, Mapping):
        return _from_dict(mapping, num_source_keypoints, 'custom')
    raise TypeError('a keypoint mapping is a name, a dict or a '
                    f'KeypointMapping, got {type(mapping).__name__}')


def map_keypoints(keypoints: np.ndarray, visible: np.ndarray,
                  mapping: MappingSpec) -> Tuple[np.ndarray, np.ndarray]:
    """Map source keypoints into the 25 ClimbAlong keypoints.

    Args:
        keypoints (np.ndarray): (..., S, 2) source positions.
        visible (np.ndarray): (..., S) flags; > 0 is annotated.
        mapping (str | dict | KeypointMapping): See
            :func:`get_keypoint_mapping`.

    Returns:
        tuple[np.ndarray, np.ndarray]: (..., K, 2) float32 positions
        ((0, 0) where missing) and (..., K) float32 flags in {0, 1}.
    """
    return get_keypoint_mapping(mapping)(keypoints, visible)
