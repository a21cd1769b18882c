"""CMU motion-capture clips on the CC_Base rig as ClimbAlong keypoints.

Symbols: N frames of a clip after dropping the file's frame 0, K = 25
ClimbAlong keypoints.

Layout read (``../shared/data/cmu_mocap``, see its README): the clips
are ``<root>/bvh/<subject>/<clip>.bvh``, 60 fps, cm, Y up.

Contract of :func:`load_cmu_clip`: a dict with

- ``name`` (str): the file stem, e.g. ``'005_06'``;
- ``keypoints`` (N, K, 3) float32 world cm, frame 0 of the file dropped (an
  inserted T-pose in clips ``007_03``-``007_12``);
- ``approximate`` (K,) bool: nose, ears and heels, placed by rules
  (:func:`~.climbalong_from_cc_base.climbalong_keypoints`);
- ``unsafe`` (N,) bool: :func:`~.climbalong_from_cc_base.glitch_mask` with
  its defaults;
- ``fps`` (float): ``1 / Frame Time`` rounded to 2 decimals (60.0).

With ``cache_dir`` the arrays are kept in
``<cache_dir>/<name>-<size>-<mtime_ns>-v<CACHE_VERSION>.npz``, keyed by the
BVH's size and modification time and :data:`CACHE_VERSION`: a changed file
or a new version of this code misses the cache and writes a new one.
"""
import glob
import os
import os.path as osp
from typing import Dict, List, Optional

import numpy as np

from mmclimb.fileio import save_npz_atomic
from .bvh_motion import read_bvh
from .climbalong_from_cc_base import climbalong_keypoints, glitch_mask

__all__ = ['CACHE_VERSION', 'list_cmu_clips', 'load_cmu_clip']

#: Bump when the keypoints or the mask rule change, to miss old caches.
CACHE_VERSION = 1


def list_cmu_clips(root: str) -> List[str]:
    """The BVH files of the data root, sorted.

    Args:
        root (str): The data root holding ``bvh/<subject>/<clip>.bvh``.

    Returns:
        list[str]: Sorted paths of the ``.bvh`` files.

    Raises:
        FileNotFoundError: ``root/bvh`` is not a folder or holds no clip.
    """
    folder = osp.join(str(root), 'bvh')
    if not osp.isdir(folder):
        raise FileNotFoundError(f'{folder}: no such folder (expected '
                                '<root>/bvh/<subject>/<clip>.bvh)')
    paths = sorted(glob.glob(osp.join(folder, '*', '*.bvh')))
    if not paths:
        raise FileNotFoundError(f'{folder}: no <subject>/<clip>.bvh files')
    return paths


def _cache_path(path: str, cache_dir: str) -> str:
    st = os.stat(path)
    name = osp.splitext(osp.basename(path))[0]
    return osp.join(
        cache_dir,
        f'{name}-{st.st_size}-{st.st_mtime_ns}-v{CACHE_VERSION}.npz')


def _compute(path: str) -> Dict[str, np.ndarray]:
    motion = read_bvh(path)
    keypoints, approximate = climbalong_keypoints(motion)
    keypoints = np.ascontiguousarray(keypoints[1:])
    fps = float(round(motion.fps, 2))
    return dict(keypoints=keypoints,
                approximate=approximate,
                unsafe=glitch_mask(keypoints, fps=fps),
                fps=np.float64(fps))


def load_cmu_clip(path: str, cache_dir: Optional[str] = None) -> dict:
    """One clip's ClimbAlong keypoints, frame 0 dropped.

    Args:
        path (str): A ``<clip>.bvh`` on the CC_Base rig.
        cache_dir (str, optional): Folder for an ``.npz`` cache (created
            if absent). None (default) always parses the BVH.

    Returns:
        dict: ``name`` (str), ``keypoints`` (N, 25, 3) float32 cm,
        ``approximate`` (25,) bool, ``unsafe`` (N,) bool, ``fps`` (float).

    Raises:
        BVHFormatError: The BVH is malformed.
        KeyError: It lacks a ``CC_Base_*`` joint the keypoints need.
    """
    path = str(path)
    name = osp.splitext(osp.basename(path))[0]
    arrays = None
    cache = None
    if cache_dir is not None:
        cache = _cache_path(path, str(cache_dir))
        if osp.isfile(cache):
            try:
                with np.load(cache) as f:
                    arrays = {k: f[k] for k in f.files}
            except (OSError, ValueError, EOFError):
                arrays = None  # a damaged cache is rebuilt
            if arrays is not None and set(arrays) != {
                    'keypoints', 'approximate', 'unsafe', 'fps'
            }:
                arrays = None
    if arrays is None:
        arrays = _compute(path)
        if cache is not None:
            os.makedirs(str(cache_dir), exist_ok=True)
            save_npz_atomic(cache, **arrays)
    return dict(name=name,
                keypoints=arrays['keypoints'],
                approximate=arrays['approximate'],
                unsafe=arrays['unsafe'],
                fps=float(arrays['fps']))
