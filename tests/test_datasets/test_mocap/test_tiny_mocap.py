"""The tiny generated CMU-like clips the mocap tests run on."""
from pathlib import Path

import numpy as np
import pytest

from mmclimb.datasets.mocap import (CC_BASE_JOINTS, CC_BASE_PREFIX,
                                    climbalong_keypoints, forward_kinematics,
                                    list_cmu_clips, load_cmu_clip, read_bvh)
from mmclimb.datasets.mocap.climbalong_from_cc_base import _EXTRA
from mmclimb.testing import write_tiny_cmu_mocap


def test_layout_and_format(tmp_path):
    paths = write_tiny_cmu_mocap(tmp_path)
    assert [Path(p).relative_to(tmp_path).as_posix() for p in paths] == [
        'bvh/901/901_01.bvh', 'bvh/901/901_02.bvh', 'bvh/902/902_01.bvh'
    ]
    assert list_cmu_clips(tmp_path) == sorted(paths)
    motion = read_bvh(paths[0])
    assert motion.num_frames == 80 and motion.frame_time == 0.016667
    assert motion.names[0] == 'CC_Base_Hip'
    assert motion.channels[0] == ('Xposition', 'Yposition', 'Zposition',
                                  'Zrotation', 'Yrotation', 'Xrotation')
    joints = [j for j in range(1, motion.num_nodes)
              if not motion.is_end_site[j]]
    assert all(motion.channels[j] == ('Zrotation', 'Yrotation', 'Xrotation')
               for j in joints)
    needed = list(CC_BASE_JOINTS.values()) + list(_EXTRA)
    for name in needed:
        motion.index(CC_BASE_PREFIX + name)

    def chain(name):
        out, j = [], motion.index(CC_BASE_PREFIX + name)
        while j >= 0:
            out.append(motion.names[j][len(CC_BASE_PREFIX):])
            j = int(motion.parents[j])
        return out

    assert chain('L_Eye') == ['L_Eye', 'Head', 'NeckTwist01', 'Spine02',
                              'Spine01', 'Waist', 'Hip']
    assert chain('R_Thumb2') == ['R_Thumb2', 'R_Thumb1', 'R_Hand',
                                 'R_Forearm', 'R_Upperarm', 'R_Clavicle',
                                 'Spine02', 'Spine01', 'Waist', 'Hip']
    assert chain('L_BigToe1') == ['L_BigToe1', 'L_ToeBase', 'L_Foot',
                                  'L_Calf', 'L_Thigh', 'Pelvis', 'Hip']
    with open(paths[0]) as f:
        assert 'Frame Time: 0.016667\n' in f.read()


def test_standing_pose_with_zero_angles(tmp_path):
    path = write_tiny_cmu_mocap(tmp_path, {'900_01': 2})[0]
    motion = read_bvh(path)
    motion.motion[:] = 0
    keypoints = climbalong_keypoints(motion)[0][0]
    y = keypoints[:, 1]
    assert 155 < y.max() < 170 and 0 <= y.min() < 5  # ears to toes
    # subject's left at +X, facing +Z
    for left, right in ((1, 2), (3, 4), (7, 8), (15, 16), (19, 20)):
        assert keypoints[left, 0] > keypoints[right, 0]
    assert keypoints[23, 2] > keypoints[19, 2] > keypoints[21, 2]
    assert keypoints[0, 2] > keypoints[1, 2]  # the nose ahead of the ears
    # top-down order: head, shoulders, elbows, hips, knees, ankles
    order = [0, 3, 5, 15, 17, 19]
    assert (np.diff(y[order]) < 0).all()
    eyes = forward_kinematics(motion, ['CC_Base_L_Eye'])[0][0, 0]
    assert eyes[1] == pytest.approx(163.2, abs=0.5)


def test_seed_and_glitch(tmp_path):
    one = write_tiny_cmu_mocap(tmp_path / 'a', {'901_01': 50}, seed=3)
    two = write_tiny_cmu_mocap(tmp_path / 'b', {'901_01': 50}, seed=3)
    other = write_tiny_cmu_mocap(tmp_path / 'c', {'901_01': 50}, seed=4)
    text = [Path(p[0]).read_text() for p in (one, two, other)]
    assert text[0] == text[1] != text[2]
    clip = load_cmu_clip(one[0])
    assert clip['keypoints'].shape == (49, 25, 3)
    assert not clip['unsafe'].any()
    steps = np.linalg.norm(np.diff(clip['keypoints'], axis=0), axis=-1)
    assert steps.max() < 5
    glitched = load_cmu_clip(write_tiny_cmu_mocap(
        tmp_path / 'd', {'901_01': 50}, seed=3, glitch='901_01')[0])
    knee = np.linalg.norm(glitched['keypoints'][:, 17] -
                          clip['keypoints'][:, 17], axis=-1)
    # file frames 30-33 are keypoint frames 29-32
    np.testing.assert_allclose(knee[29:33], 60.0, atol=0.5)
    assert knee[:29].max() < 1e-3 and knee[33:].max() < 1e-3
    np.testing.assert_array_equal(np.flatnonzero(glitched['unsafe']),
                                  np.arange(16, 46))
    with pytest.raises(ValueError, match='glitch clip'):
        write_tiny_cmu_mocap(tmp_path / 'e', {'901_01': 50}, glitch='902_01')
