"""The drawing style of a keypoint set, read from its MMPose meta-info.

Symbols: K keypoints, L skeleton links.

Contract:
    :func:`climbalong_skeleton` parses a ``dataset_info`` config (by default
    the 25 ClimbAlong keypoints, ``configs/_base_/datasets/climbalong.py``)
    with :func:`mmclimb.datasets.pose_metainfo.load_pose_metainfo` (MMPose's
    parser, with errors naming the file) and returns a
    :class:`SkeletonStyle`:

    - ``keypoint_names``: K names in index order;
    - ``skeleton``: L links as (i, j) keypoint index pairs;
    - ``colors``: (L, 3) uint8 link colours, RGB as in the meta-info;
    - ``keypoint_colors``: (K, 3) uint8 keypoint colours, RGB.

    ``style.skeleton`` and ``style.colors`` are the ``skeleton`` and
    ``colors`` arguments of :func:`write_skeleton_video`.
"""
from typing import List, NamedTuple, Optional, Tuple

import numpy as np

__all__ = ['SkeletonStyle', 'climbalong_skeleton']


class SkeletonStyle(NamedTuple):
    """Names, links and colours of a keypoint set (see the module doc)."""
    keypoint_names: List[str]
    skeleton: List[Tuple[int, int]]
    colors: np.ndarray
    keypoint_colors: np.ndarray


def climbalong_skeleton(metainfo_file: Optional[str] = None) -> SkeletonStyle:
    """Read the skeleton and colours of a keypoint set.

    Args:
        metainfo_file (str, optional): An MMPose ``dataset_info`` config.
            Defaults to the ClimbAlong-25 one.

    Returns:
        SkeletonStyle: names (K), links (L), link colours (L, 3) and
        keypoint colours (K, 3), RGB uint8.
    """
    from mmclimb.datasets.pose_metainfo import (CLIMBALONG_METAINFO_FILE,
                                                load_pose_metainfo)
    meta = load_pose_metainfo(
        'climbalong_skeleton',
        dict(from_file=metainfo_file or CLIMBALONG_METAINFO_FILE))
    names = [meta['keypoint_id2name'][i] for i in range(meta['num_keypoints'])]
    links = [tuple(int(i) for i in link) for link in meta['skeleton_links']]
    return SkeletonStyle(keypoint_names=names,
                         skeleton=links,
                         colors=np.asarray(meta['skeleton_link_colors'],
                                           dtype=np.uint8),
                         keypoint_colors=np.asarray(meta['keypoint_colors'],
                                                    dtype=np.uint8))
