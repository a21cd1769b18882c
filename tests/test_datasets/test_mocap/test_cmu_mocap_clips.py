"""ClimbAlong keypoints of the CMU clips on the CC_Base rig: the facts of
the data's README, the glitch mask and the cache."""
import os
from pathlib import Path

import numpy as np
import pytest

from mmclimb.datasets.mocap import (APPROXIMATE_KEYPOINTS,
                                    climbalong_keypoints, forward_kinematics,
                                    glitch_mask, head_frame_points,
                                    list_cmu_clips, load_cmu_clip, read_bvh)

REPO = Path(__file__).resolve().parents[3]
CMU_ROOT = REPO.parent / 'shared' / 'data' / 'cmu_mocap'

needs_data = pytest.mark.skipif(not (CMU_ROOT / 'bvh').is_dir(),
                                reason=f'no CMU mocap data at {CMU_ROOT}')


def _bvh(clip):
    return CMU_ROOT / 'bvh' / clip[:3] / f'{clip}.bvh'


@pytest.fixture(scope='module')
def clip_006_09():
    motion = read_bvh(_bvh('006_09'))
    return motion, climbalong_keypoints(motion)


def test_glitch_mask_rule():
    kpts = np.zeros((200, 25, 3))
    assert not glitch_mask(kpts).any()
    kpts[11:, 3, 0] += 30  # jump 10 -> 11
    kpts[31:, 3, 0] -= 30  # jump 30 -> 31, same episode
    kpts[150:, 5, 1] += 40  # jump 149 -> 150, alone
    mask = glitch_mask(kpts, pad=2)
    want = np.zeros(200, dtype=bool)
    want[8:34] = True
    want[147:153] = True
    np.testing.assert_array_equal(mask, want)
    # Jumps 20 frames apart are separate episodes with a 0.2 s gap.
    mask = glitch_mask(kpts, pad=0, max_gap_s=0.2)
    assert mask[10:12].all() and mask[30:32].all() and not mask[12:30].any()
    assert not glitch_mask(kpts, max_speed_cm_per_frame=50).any()


@needs_data
def test_list_cmu_clips():
    paths = list_cmu_clips(CMU_ROOT)
    assert len(paths) == 61
    assert paths == sorted(paths)
    assert Path(paths[0]).name == '001_01.bvh'
    with pytest.raises(FileNotFoundError, match='no such folder'):
        list_cmu_clips(CMU_ROOT / 'nope')


@needs_data
def test_clip_006_09(clip_006_09):
    motion, (kpts, approximate) = clip_006_09
    assert motion.names[0] == 'CC_Base_Hip'
    assert (motion.num_nodes, motion.num_channels) == (141, 303)
    assert motion.num_frames == 150
    assert motion.fps == pytest.approx(60.0, abs=1e-2)
    assert kpts.shape == (150, 25, 3) and kpts.dtype == np.float32
    assert np.flatnonzero(approximate).tolist() == list(APPROXIMATE_KEYPOINTS)
    # A Centered clip starts at x = z = 0.
    hip = forward_kinematics(motion, ['CC_Base_Hip'])[0][:, 0]
    assert np.abs(hip[0, [0, 2]]).max() < 1.4
    assert 90 < hip[0, 1] < 110
    np.testing.assert_allclose(kpts[:, [15, 16]].mean(1), hip, atol=3.0)


@needs_data
def test_head_frame_and_approximations(clip_006_09):
    motion, (kpts, _) = clip_006_09
    names = ['CC_Base_Head', 'CC_Base_L_Eye', 'CC_Base_R_Eye']
    pos, rot = forward_kinematics(motion, names)
    head, l_eye, r_eye = pos[:, 0], pos[:, 1], pos[:, 2]
    local = head_frame_points(head, rot[:, 0], pos[:, 1:])
    np.testing.assert_allclose(local[:, 0], np.tile([3.32, 8.19, 8.22],
                                                    (150, 1)), atol=0.01)
    np.testing.assert_allclose(local[:, 1], np.tile([-3.32, 8.19, 8.22],
                                                    (150, 1)), atol=0.01)
    # The same axes from the eye positions alone (README construction).
    lateral = l_eye - r_eye
    lateral /= np.linalg.norm(lateral, axis=-1, keepdims=True)
    m = (l_eye + r_eye) / 2 - head
    m -= (m * lateral).sum(-1, keepdims=True) * lateral
    a = m / np.linalg.norm(m, axis=-1, keepdims=True)
    b = np.cross(a, lateral)
    # (The README's rounded weights leave |up| = 0.99985: normalise.)
    up, forward = 0.706 * a + 0.708 * b, 0.708 * a - 0.706 * b
    for axis, col in ((lateral, 0), (up, 1), (forward, 2)):
        axis = axis / np.linalg.norm(axis, axis=-1, keepdims=True)
        assert ((axis * rot[:, 0, :, col]).sum(-1) > 0.99999).all()
    # Nose and ears at their Head-local positions.
    local = head_frame_points(head, rot[:, 0], kpts[:, :3].astype(float))
    for k, want in ((0, [0, 4.69, 10.22]), (1, [7, 6.69, 2.22]),
                    (2, [-7, 6.69, 2.22])):
        np.testing.assert_allclose(local[:, k], np.tile(want, (150, 1)),
                                   atol=0.02)
    # Left keypoints on the subject's left (the head's +X).
    for left, right in ((3, 4), (15, 16), (1, 2)):
        side = ((kpts[:, left] - kpts[:, right]) * rot[:, 0, :, 0]).sum(-1)
        assert (side > 0).all()


@needs_data
def test_t_pose_frame_of_007_12():
    motion = read_bvh(_bvh('007_12'))
    names = ['CC_Base_Hip', 'CC_Base_L_Foot', 'CC_Base_R_Foot',
             'CC_Base_L_ToeBase', 'CC_Base_R_ToeBase', 'CC_Base_L_BigToe1',
             'CC_Base_R_BigToe1']
    pos = forward_kinematics(motion, names)[0][0]
    np.testing.assert_allclose(pos[0], [0.6, 105.0, 5.9], atol=0.1)
    np.testing.assert_allclose(pos[1:3, 1], 5.5, atol=0.1)
    assert ((pos[3:, 1] > 3.0) & (pos[3:, 1] < 3.3)).all()
    # Heel rule C on the flat T-pose foot: behind and below the ankle.
    kpts, _ = climbalong_keypoints(motion)
    assert (kpts[0, [21, 22], 1] < kpts[0, [19, 20], 1]).all()
    clip = load_cmu_clip(_bvh('007_12'))
    assert clip['keypoints'].shape == (131, 25, 3)
    # Frame 0 (the T-pose, 2-3 m away) is dropped.
    np.testing.assert_array_equal(clip['keypoints'], kpts[1:])
    assert not clip['unsafe'].any()


@needs_data
def test_rl_bone_root_clip_002_03():
    motion = read_bvh(_bvh('002_03'))
    assert motion.names[:2] == ('RL_BoneRoot', 'CC_Base_Hip')
    assert (motion.num_nodes, motion.num_channels) == (142, 306)
    clip = load_cmu_clip(_bvh('002_03'))
    kpts = clip['keypoints']
    assert kpts.shape == (85, 25, 3) and clip['fps'] == 60.0
    hip = forward_kinematics(motion, ['CC_Base_Hip'])[0][:, 0]
    np.testing.assert_allclose(hip[:, 1], 105.21, atol=0.01)
    # Walking forward, the left shoulder is left of the right one.
    head_rot = forward_kinematics(motion, ['CC_Base_Head'])[1][1:, 0]
    side = ((kpts[:, 3] - kpts[:, 4]) * head_rot[:, :, 0]).sum(-1)
    assert (side > 0).all()
    assert not clip['unsafe'].any()


@needs_data
def test_glitch_mask_on_clips():
    unsafe = load_cmu_clip(_bvh('005_06'))['unsafe']
    assert unsafe.shape == (442,)
    # File frames 59-96 (the knee's jumps 59->60 ... 95->96) are masked;
    # index i of the clip is file frame i + 1.
    assert unsafe[58:96].all()
    assert unsafe.sum() < 0.3 * len(unsafe)
    walk = load_cmu_clip(_bvh('007_02'))
    assert walk['unsafe'].sum() <= 5


@needs_data
def test_cache_round_trip(tmp_path):
    path = _bvh('006_09')
    fresh = load_cmu_clip(path)
    first = load_cmu_clip(path, cache_dir=tmp_path / 'cache')
    files = os.listdir(tmp_path / 'cache')
    assert len(files) == 1 and files[0].startswith('006_09-')
    second = load_cmu_clip(path, cache_dir=tmp_path / 'cache')
    for clip in (first, second):
        assert clip['name'] == '006_09' and clip['fps'] == 60.0
        for key in ('keypoints', 'approximate', 'unsafe'):
            assert clip[key].dtype == fresh[key].dtype
            np.testing.assert_array_equal(clip[key], fresh[key])
    assert fresh['keypoints'].shape == (149, 25, 3)
