"""read_bvh and forward_kinematics on a hand-written BVH with known poses,
and the errors of malformed files."""
import re

import numpy as np
import pytest

from mmclimb.datasets.mocap import (BVHFormatError, euler_matrices,
                                    forward_kinematics, read_bvh)

# Root: ZYX rotations; A: XYZ order; B: only Z and X; C: YXZ order.
TINY_BVH = """HIERARCHY
ROOT Root
{
  OFFSET 1 2 3
  CHANNELS 6 Xposition Yposition Zposition Zrotation Yrotation Xrotation
  JOINT A
  {
    OFFSET 0 10 0
    CHANNELS 3 Xrotation Yrotation Zrotation
    JOINT B
    {
      OFFSET 5 0 0
      CHANNELS 2 Zrotation Xrotation
      End Site
      {
        OFFSET 0 0 2
      }
    }
  }
  JOINT C
  {
    OFFSET 0 -1 0
    CHANNELS 3 Yrotation Xrotation Zrotation
  }
}
MOTION
Frames: 3
Frame Time: 0.5
0 0 0 0 0 0   0 0 0   0 0   0 0 0
10 0 0 90 0 0   0 0 0   0 0   0 0 0
0 0 0 0 0 0   90 90 0   90 0   0 0 0
"""


def _rx(a):
    c, s = np.cos(np.radians(a)), np.sin(np.radians(a))
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def _ry(a):
    c, s = np.cos(np.radians(a)), np.sin(np.radians(a))
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def _rz(a):
    c, s = np.cos(np.radians(a)), np.sin(np.radians(a))
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / 'tiny.bvh'
    path.write_text(TINY_BVH)
    return read_bvh(path)


def test_read_tiny_bvh(tiny):
    assert tiny.names == ('Root', 'A', 'B', 'B_EndSite', 'C')
    assert tiny.parents.tolist() == [-1, 0, 1, 2, 0]
    assert tiny.is_end_site.tolist() == [False, False, False, True, False]
    assert tiny.channels[1] == ('Xrotation', 'Yrotation', 'Zrotation')
    assert tiny.channels[3] == ()
    assert tiny.channel_start.tolist() == [0, 6, 9, 11, 11]
    assert tiny.motion.shape == (3, 14)
    assert tiny.num_frames == 3 and tiny.num_channels == 14
    assert tiny.frame_time == 0.5 and tiny.fps == 2.0
    np.testing.assert_array_equal(tiny.offsets[4], [0, -1, 0])
    assert tiny.index('C') == 4
    with pytest.raises(KeyError, match='no joint named'):
        tiny.index('D')


def test_forward_kinematics_by_hand(tiny):
    pos, rot = forward_kinematics(tiny)
    assert pos.shape == (3, 5, 3) and rot.shape == (3, 5, 3, 3)
    # Frame 0: zero angles, the OFFSETs add up (root = channels + OFFSET).
    np.testing.assert_allclose(
        pos[0], [[1, 2, 3], [1, 12, 3], [6, 12, 3], [6, 12, 5], [1, 1, 3]],
        atol=1e-12)
    # Frame 1: root moved by +10 x and turned 90 deg about z (x -> y).
    np.testing.assert_allclose(
        pos[1], [[11, 2, 3], [1, 2, 3], [1, 7, 3], [1, 7, 5], [12, 2, 3]],
        atol=1e-12)
    # Frame 2: A = Rx(90) Ry(90) (its XYZ order), B = Rz(90).
    # B = A + Rx90 Ry90 (5,0,0) = A + Rx90 (0,0,-5) = A + (0,5,0); a ZYX
    # order would give A + (0,0,-5) instead.
    np.testing.assert_allclose(
        pos[2], [[1, 2, 3], [1, 12, 3], [1, 17, 3], [3, 17, 3], [1, 1, 3]],
        atol=1e-12)
    np.testing.assert_allclose(rot[2, 1], _rx(90) @ _ry(90), atol=1e-12)
    np.testing.assert_allclose(rot[2, 2], _rx(90) @ _ry(90) @ _rz(90),
                               atol=1e-12)
    np.testing.assert_allclose(rot[1, 4], _rz(90), atol=1e-12)


def test_forward_kinematics_subset(tiny):
    full_pos, full_rot = forward_kinematics(tiny)
    pos, rot = forward_kinematics(tiny, ['C', 'B_EndSite', 0])
    np.testing.assert_array_equal(pos, full_pos[:, [4, 3, 0]])
    np.testing.assert_array_equal(rot, full_rot[:, [4, 3, 0]])
    with pytest.raises(KeyError, match='no joint named'):
        forward_kinematics(tiny, ['nope'])


def test_euler_matrices_orders():
    rng = np.random.default_rng(0)
    angles = rng.uniform(-180, 180, size=(4, 3))
    for axes in ('ZYX', 'XYZ', 'YXZ', 'ZXY'):
        mats = euler_matrices(angles, axes)
        for a, m in zip(angles, mats):
            want = np.eye(3)
            for axis, angle in zip(axes, a):
                want = want @ {'X': _rx, 'Y': _ry, 'Z': _rz}[axis](angle)
            np.testing.assert_allclose(m, want, atol=1e-12)


def _write(tmp_path, text):
    path = tmp_path / 'bad.bvh'
    path.write_text(text)
    return path


def _line_of(text, needle):
    return text.split('\n').index(needle) + 1


@pytest.mark.parametrize('case', [
    'no_hierarchy', 'no_motion', 'frames', 'values', 'channel', 'number',
    'offset'
])
def test_malformed_names_file_and_line(tmp_path, case):
    lines = TINY_BVH.split('\n')
    if case == 'no_hierarchy':
        text, line, what = TINY_BVH.replace('HIERARCHY\n', ''), 1, \
            'no HIERARCHY'
    elif case == 'no_motion':
        text = TINY_BVH.split('MOTION')[0]
        line, what = text.count('\n') + 1, 'no MOTION'
    elif case == 'frames':
        text = TINY_BVH.replace('Frames: 3', 'Frames: 4')
        line, what = _line_of(text, 'Frames: 4'), 'Frames: 4'
    elif case == 'values':
        lines[-3] = lines[-3] + ' 7'
        text = '\n'.join(lines)
        line, what = len(lines) - 2, 'expected 14 values'
    elif case == 'channel':
        text = TINY_BVH.replace('2 Zrotation Xrotation',
                                '2 Zrotation Wrotation')
        line = _line_of(text, '      CHANNELS 2 Zrotation Wrotation')
        what = "unknown channel name 'Wrotation'"
    elif case == 'number':
        lines[-2] = lines[-2].replace('90 90', '90 abc')
        text = '\n'.join(lines)
        line, what = len(lines) - 1, "not a number: 'abc'"
    else:
        text = TINY_BVH.replace('OFFSET 5 0 0', 'OFFSET 5 0')
        line = _line_of(text, '      CHANNELS 2 Zrotation Xrotation')
        what = 'OFFSET number'
    path = _write(tmp_path, text)
    with pytest.raises(BVHFormatError) as info:
        read_bvh(path)
    message = str(info.value)
    assert message.startswith(f'{path}: line {line}: '), message
    assert re.search(re.escape(what), message), message
