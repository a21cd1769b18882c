"""Forward kinematics of a :class:`~.bvh_motion.BVHMotion`, over all frames
at once.

Symbols: N frames, J nodes of the file, J' nodes asked for.

Convention (the usual BVH one):

- A node's local rotation is the product of its rotation channels'
  elementary rotations in the order the file lists them: channels
  ``Zrotation Yrotation Xrotation`` give ``Rz(z) @ Ry(y) @ Rx(x)``, and
  ``Xrotation Zrotation Yrotation`` give ``Rx(x) @ Rz(z) @ Ry(y)``. Angles
  are degrees; ``Rx``, ``Ry``, ``Rz`` are right-handed rotations about the
  parent-frame axes after the preceding factors (intrinsic order).
- A node's local translation is its ``OFFSET`` plus its position channels
  (``Xposition`` etc., 0 where absent). For a root this makes its position
  channels relative to the root ``OFFSET``.
- global rotation = parent's global rotation @ local rotation; global
  position = parent's global position + parent's global rotation @ local
  translation. A root's parent is the identity at the origin.

Contract of :func:`forward_kinematics`: positions (N, J', 3) in the file's
unit and rotations (N, J', 3, 3), both float64; the columns of a node's
rotation are its local X, Y, Z axes in world coordinates.
"""
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .bvh_motion import BVHMotion

__all__ = ['ancestors_closure', 'euler_matrices', 'forward_kinematics']

_AXIS = {'X': 0, 'Y': 1, 'Z': 2}


def euler_matrices(angles_deg: np.ndarray, axes: str) -> np.ndarray:
    """Products of elementary rotations, in the order of ``axes``.

    Args:
        angles_deg (np.ndarray): (..., k) angles in degrees, one per axis.
        axes (str): k axis letters, e.g. ``'ZYX'``; the result is
            ``R_axes[0](a0) @ R_axes[1](a1) @ ...``.

    Returns:
        np.ndarray: (..., 3, 3) float64 rotation matrices (the identity for
        ``axes == ''``).
    """
    angles = np.deg2rad(np.asarray(angles_deg, dtype=np.float64))
    shape = angles.shape[:-1]
    out = np.broadcast_to(np.eye(3), shape + (3, 3)).copy()
    for k, axis in enumerate(axes):
        a = _AXIS[axis]
        i, j = (a + 1) % 3, (a + 2) % 3
        c, s = np.cos(angles[..., k]), np.sin(angles[..., k])
        # out @ R_axis: only columns i and j of out change.
        col_i = out[..., :, i].copy()
        col_j = out[..., :, j]
        out[..., :, i] = col_i * c[..., None] + col_j * s[..., None]
        out[..., :, j] = col_j * c[..., None] - col_i * s[..., None]
    return out


def ancestors_closure(parents: np.ndarray, nodes: Sequence[int]) -> np.ndarray:
    """The given nodes and all their ancestors, sorted by index.

    Args:
        parents (np.ndarray): (J,) parent index per node, -1 for a root.
        nodes (Sequence[int]): Node indices.

    Returns:
        np.ndarray: (M,) int64 sorted node indices.
    """
    keep = set()
    for j in nodes:
        j = int(j)
        while j >= 0 and j not in keep:
            keep.add(j)
            j = int(parents[j])
    return np.array(sorted(keep), dtype=np.int64)


def _local_transforms(motion: BVHMotion,
                      nodes: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """(N, M, 3, 3) local rotations and (N, M, 3) local translations."""
    n = motion.num_frames
    m = len(nodes)
    rot = np.empty((n, m, 3, 3))
    trans = np.broadcast_to(motion.offsets[nodes], (n, m, 3)).copy()
    groups: Dict[str, Tuple[List[int], List[List[int]]]] = {}
    for k, j in enumerate(nodes):
        start = int(motion.channel_start[j])
        axes, cols = '', []
        for c, name in enumerate(motion.channels[j]):
            if name.endswith('rotation'):
                axes += name[0]
                cols.append(start + c)
            else:
                trans[:, k, _AXIS[name[0]]] += motion.motion[:, start + c]
        slots, columns = groups.setdefault(axes, ([], []))
        slots.append(k)
        columns.append(cols)
    for axes, (slots, columns) in groups.items():
        if axes:
            angles = motion.motion[:, np.asarray(columns)]  # (N, G, k)
            rot[:, slots] = euler_matrices(angles, axes)
        else:
            rot[:, slots] = np.eye(3)
    return rot, trans


def forward_kinematics(
    motion: BVHMotion,
    joints: Optional[Sequence[Union[int, str]]] = None
) -> Tuple[np.ndarray, np.ndarray]:
    """Global positions and rotations of nodes in every frame.

    Args:
        motion (BVHMotion): The file read by :func:`~.bvh_motion.read_bvh`.
        joints (Sequence[int | str], optional): The nodes wanted, by name or
            index, in the order of the output. Only they and their ancestors
            are computed. None (default) gives all J nodes in file order.

    Returns:
        tuple[np.ndarray, np.ndarray]: positions (N, J', 3) float64 in the
        file's unit and rotations (N, J', 3, 3) float64 (columns: the
        node's local axes in world coordinates).
    """
    if joints is None:
        wanted = np.arange(motion.num_nodes, dtype=np.int64)
    else:
        wanted = motion.indices(list(joints))
    nodes = ancestors_closure(motion.parents, wanted)
    slot = {int(j): k for k, j in enumerate(nodes)}
    parent_slot = np.array([slot.get(int(motion.parents[j]), -1)
                            for j in nodes], dtype=np.int64)
    depth = np.zeros(len(nodes), dtype=np.int64)
    for k in range(len(nodes)):  # parents come before children
        if parent_slot[k] >= 0:
            depth[k] = depth[parent_slot[k]] + 1

    local_rot, local_trans = _local_transforms(motion, nodes)
    rot = np.empty_like(local_rot)
    pos = np.empty_like(local_trans)
    for d in range(int(depth.max()) + 1 if len(nodes) else 0):
        level = np.flatnonzero(depth == d)
        if d == 0:
            rot[:, level] = local_rot[:, level]
            pos[:, level] = local_trans[:, level]
            continue
        par = parent_slot[level]
        parent_rot = rot[:, par]
        rot[:, level] = parent_rot @ local_rot[:, level]
        pos[:, level] = pos[:, par] + np.einsum('nmij,nmj->nmi', parent_rot,
                                                local_trans[:, level])
    out = np.array([slot[int(j)] for j in wanted], dtype=np.int64)
    return pos[:, out], rot[:, out]
