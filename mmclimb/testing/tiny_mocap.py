"""Tiny generated motion capture in the layout of the CMU clips.

:func:`write_tiny_cmu_mocap` writes small text BVH files as
``<root>/bvh/<subject>/<clip>.bvh`` (``subject`` is the clip name's part
before ``_``), the layout :func:`~mmclimb.datasets.mocap.list_cmu_clips`
reads, so the CMU readers, :class:`~mmclimb.datasets.CMUMocapDataset` and
its pipeline can be tested without the real data.

The skeleton is a simplified Reallusion CC_Base rig: root ``CC_Base_Hip``
(6 channels ``Xposition Yposition Zposition Zrotation Yrotation
Xrotation``, OFFSET (0, 100, 0)), every other joint 3 channels ``Zrotation
Yrotation Xrotation``, and every joint the ClimbAlong mapping needs
(:data:`~mmclimb.datasets.mocap.CC_BASE_JOINTS` and the head, eyes and toe
bases). OFFSETs are in cm in axis-aligned frames: with all angles 0 it is a
standing person about 170 cm tall (eyes at 163 cm), Y up, the subject's
left at +X, facing +Z, arms hanging.

Motion: 60 fps (``Frame Time: 0.016667``); each joint angle is a sinusoid
of a few degrees, the root walks slowly (about 20-40 cm/s) along a slowly
turning heading and bobs by a centimetre; frame 0 is an ordinary frame.
Everything is a function of ``(seed, clip name)``. With ``glitch`` one
clip gets a retargeting-like glitch: for ``glitch_frames`` (file frames)
its left thigh is flexed by a further 86 degrees and its knee extended by
as much, so the left knee jumps 60 cm (the lower leg, keeping about its
direction, moves about as far) and back.

Only NumPy and the standard library are used.
"""
import os
import os.path as osp
import zlib
from typing import Dict, List, Optional, Tuple

import numpy as np

__all__ = ['DEFAULT_TINY_CLIPS', 'TINY_THIGH_LENGTH', 'write_tiny_cmu_mocap']

#: Default clips: name -> number of file frames (frame 0 included).
DEFAULT_TINY_CLIPS: Dict[str, int] = {'901_01': 80, '901_02': 60,
                                      '902_01': 70}

#: Length of the thigh bone (hip joint to knee), cm.
TINY_THIGH_LENGTH = 44.0

_FRAME_TIME = 0.016667
_ROOT_OFFSET = (0.0, 100.0, 0.0)
_GLITCH_JUMP_CM = 60.0

# A node: (name without the prefix, OFFSET, children, End Site OFFSET of a
# leaf). Left-side nodes are written with 'S_' and mirrored for the right.


def _finger(name: str, offset, tip) -> tuple:
    return (name, offset, [], tip)


def _arm() -> tuple:
    hand = ('S_Hand', (0.0, -26.0, 0.0), [
        ('S_Index1', (0.5, -8.5, 2.5),
         [_finger('S_Index2', (0.0, -3.5, 0.0), (0.0, -2.5, 0.0))], None),
        _finger('S_Pinky1', (0.5, -8.0, -2.5), (0.0, -5.0, 0.0)),
        ('S_Thumb1', (0.0, -2.5, 3.0),
         [_finger('S_Thumb2', (0.0, -3.0, 1.5), (0.0, -3.0, 0.5))], None),
    ], None)
    return ('S_Clavicle', (3.0, 14.0, -1.0), [
        ('S_Upperarm', (14.0, -1.0, 0.0), [
            ('S_Forearm', (0.0, -28.0, 0.0), [hand], None)], None)], None)


def _leg() -> tuple:
    return ('S_Thigh', (9.0, -5.0, 0.0), [
        ('S_Calf', (0.0, -TINY_THIGH_LENGTH, 0.0), [
            ('S_Foot', (0.0, -41.0, 0.0), [
                ('S_ToeBase', (0.0, -6.0, 12.0), [
                    _finger('S_BigToe1', (-1.5, -1.0, 5.0), (0.0, 0.0, 3.0))
                ], None)], None)], None)], None)


def _skeleton() -> tuple:
    head = ('Head', (0.0, 9.0, 1.0), [
        _finger('L_Eye', (3.3, 8.2, 8.2), (0.0, 0.0, 1.0)),
        _finger('R_Eye', (-3.3, 8.2, 8.2), (0.0, 0.0, 1.0)),
    ], None)
    spine02 = ('Spine02', (0.0, 14.0, 0.0), [
        ('NeckTwist01', (0.0, 18.0, 0.0), [head], None),
        _mirror(_arm(), 'L'), _mirror(_arm(), 'R')], None)
    upper = ('Waist', (0.0, 4.0, 0.0), [
        ('Spine01', (0.0, 10.0, 0.0), [spine02], None)], None)
    pelvis = ('Pelvis', (0.0, -2.0, 0.0),
              [_mirror(_leg(), 'L'), _mirror(_leg(), 'R')], None)
    return ('Hip', _ROOT_OFFSET, [pelvis, upper], None)


def _mirror(node: tuple, side: str) -> tuple:
    """The 'S_' subtree as the left ('L') or right ('R', x negated) one."""
    name, offset, children, tip = node
    sign = 1.0 if side == 'L' else -1.0

    def flip(v):
        return None if v is None else (sign * v[0], v[1], v[2])

    return (name.replace('S_', f'{side}_', 1), flip(offset),
            [_mirror(c, side) for c in children], flip(tip))


def _flatten(node: tuple, out: List[str]) -> None:
    """Joint names (with the prefix) in file order."""
    out.append('CC_Base_' + node[0])
    for child in node[2]:
        _flatten(child, out)


def _hierarchy_text(node: tuple, depth: int = 0, root: bool = True) -> str:
    name, offset, children, tip = node
    pad = '  ' * depth
    channels = ('6 Xposition Yposition Zposition Zrotation Yrotation '
                'Xrotation' if root else '3 Zrotation Yrotation Xrotation')
    lines = [f'{pad}{"ROOT" if root else "JOINT"} CC_Base_{name}', f'{pad}{{',
             f'{pad}  OFFSET {offset[0]:.6f} {offset[1]:.6f} '
             f'{offset[2]:.6f}', f'{pad}  CHANNELS {channels}']
    text = '\n'.join(lines) + '\n'
    for child in children:
        text += _hierarchy_text(child, depth + 1, root=False)
    if not children and tip is None:
        tip = (0.0, 1.0, 0.0)
    if tip is not None:
        text += (f'{pad}  End Site\n{pad}  {{\n{pad}    OFFSET {tip[0]:.6f} '
                 f'{tip[1]:.6f} {tip[2]:.6f}\n{pad}  }}\n')
    return text + f'{pad}}}\n'


def _motion(rng: np.random.Generator, num_frames: int,
            num_joints: int) -> np.ndarray:
    """(N, 6 + 3 * (J - 1)) channel values: smooth random motion."""
    t = np.arange(num_frames) * _FRAME_TIME
    # joints below the root: sinusoids of a few degrees per channel
    amp = rng.uniform(0.5, 5.0, size=(num_joints - 1, 3))
    freq = rng.uniform(0.2, 1.2, size=(num_joints - 1, 3))
    phase = rng.uniform(0, 2 * np.pi, size=(num_joints - 1, 3))
    angles = amp * np.sin(2 * np.pi * freq * t[:, None, None] + phase)
    # root: a slow walk along a slowly turning heading, a little bob and sway
    heading = rng.uniform(0, 2 * np.pi) + np.radians(
        rng.uniform(-10, 10)) * t
    speed = rng.uniform(20.0, 40.0)
    dt = np.diff(t, prepend=0.0)
    x = np.cumsum(speed * np.sin(heading) * dt)
    z = np.cumsum(speed * np.cos(heading) * dt)
    y = 1.0 * np.sin(2 * np.pi * 1.5 * t + rng.uniform(0, 2 * np.pi))
    root_rot = np.stack([
        2.0 * np.sin(2 * np.pi * 0.7 * t + rng.uniform(0, 2 * np.pi)),
        np.degrees(heading),
        2.0 * np.sin(2 * np.pi * 0.5 * t + rng.uniform(0, 2 * np.pi)),
    ], axis=-1)  # Z, Y, X
    root = np.concatenate([np.stack([x, y, z], axis=-1), root_rot], axis=-1)
    return np.concatenate([root, angles.reshape(num_frames, -1)], axis=-1)


def _glitch_angle() -> float:
    """Extra thigh flexion (degrees) that moves the knee by 60 cm."""
    return float(
        np.degrees(2 * np.arcsin(_GLITCH_JUMP_CM / 2 / TINY_THIGH_LENGTH)))


def write_tiny_cmu_mocap(root: str,
                         clips: Optional[Dict[str, int]] = None,
                         seed: int = 0,
                         glitch: Optional[str] = None,
                         glitch_frames: Tuple[int, int] = (30, 34)
                         ) -> List[str]:
    """Write tiny CMU-like BVH clips (module docstring).

    Args:
        root (str): The data root; files go to
            ``<root>/bvh/<subject>/<clip>.bvh``.
        clips (dict[str, int], optional): Clip name (``'<subject>_<take>'``)
            -> number of file frames, frame 0 included. Defaults to
            :data:`DEFAULT_TINY_CLIPS`.
        seed (int): Seed of the motion. Defaults to 0.
        glitch (str, optional): The clip that gets the knee glitch. None
            (default) writes none.
        glitch_frames (tuple[int, int]): File frames ``[start, stop)`` of
            the glitch. Defaults to (30, 34), i.e. keypoint frames 29-32
            once the loader drops frame 0.

    Returns:
        list[str]: The written paths, in the order of ``clips``.

    Raises:
        ValueError: ``glitch`` is not one of ``clips``, a name has no
            ``_``, or a clip has fewer than 2 frames.
    """
    clips = dict(DEFAULT_TINY_CLIPS if clips is None else clips)
    if glitch is not None and glitch not in clips:
        raise ValueError(f'glitch clip {glitch!r} is not one of '
                         f'{sorted(clips)}')
    skeleton = _skeleton()
    names: List[str] = []
    _flatten(skeleton, names)
    header = 'HIERARCHY\n' + _hierarchy_text(skeleton)
    thigh = 6 + 3 * (names.index('CC_Base_L_Thigh') - 1)
    calf = 6 + 3 * (names.index('CC_Base_L_Calf') - 1)
    paths = []
    for clip, num_frames in clips.items():
        if '_' not in clip:
            raise ValueError(f'clip name {clip!r}: expected '
                             '"<subject>_<take>" such as "901_01"')
        if num_frames < 2:
            raise ValueError(f'clip {clip!r}: at least 2 frames, got '
                             f'{num_frames}')
        key = [int(seed), zlib.crc32(clip.encode('utf-8'))]
        motion = _motion(np.random.default_rng(key), int(num_frames),
                         len(names))
        if clip == glitch:
            start, stop = glitch_frames
            # Xrotation: flex the thigh, straighten the knee by as much
            motion[start:stop, thigh + 2] -= _glitch_angle()
            motion[start:stop, calf + 2] += _glitch_angle()
        subject = clip.split('_')[0]
        folder = osp.join(str(root), 'bvh', subject)
        os.makedirs(folder, exist_ok=True)
        path = osp.join(folder, f'{clip}.bvh')
        rows = '\n'.join(' '.join(f'{v:.5f}' for v in row) for row in motion)
        with open(path, 'w', encoding='ascii', newline='\n') as f:
            f.write(header)
            f.write(f'MOTION\nFrames: {len(motion)}\n'
                    f'Frame Time: {_FRAME_TIME:.6f}\n{rows}\n')
        paths.append(path)
    return paths

