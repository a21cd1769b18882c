"""The climber: body proportions, posing, motion, camera and annotation."""
import numpy as np
import pytest

from mmclimb.datasets.synthetic import (ClimberBody, ClimberMotion,
                                        FollowCamera, SimulatedAnnotator,
                                        SizePreset)
from mmclimb.datasets.synthetic.temporal_noise import (event_mask,
                                                       minimum_jerk)

BONES = np.array([(3, 5), (5, 7), (4, 6), (6, 8), (15, 17), (17, 19), (16, 18),
                  (18, 20)])


@pytest.fixture(scope='module')
def climb():
    """A 20 s climb: (body, state, world keypoints (T, K, 2))."""
    rng = np.random.default_rng(11)
    body = ClimberBody.sample(rng)
    motion = ClimberMotion(body, speed=1.2)
    state = motion.simulate(rng, 600)
    return body, state, body.pose(state)


def test_minimum_jerk_profile():
    s = np.array([-1.0, 0.0, 0.5, 1.0, 2.0])
    np.testing.assert_allclose(minimum_jerk(s), [0, 0, 0.5, 1, 1])
    fine = minimum_jerk(np.linspace(0, 1, 101))
    assert np.all(np.diff(fine) >= 0)


def test_event_mask_spans():
    rng = np.random.default_rng(0)
    assert not event_mask(rng, (50, 2), 0.0, (3, 6)).any()
    assert event_mask(rng, (50, 2), 1.0, (1, 1)).all()
    mask = event_mask(rng, (400, ), 0.01, (4, 7))
    edges = np.diff(np.r_[0, mask.astype(int), 0])
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    assert len(starts) > 0
    # runs last at least the shortest event, unless cut by the video's end
    assert np.all((stops - starts >= 4) | (stops == len(mask)))


def test_bone_lengths_are_constant(climb):
    body, _, keypoints = climb
    lengths = np.linalg.norm(
        keypoints[:, BONES[:, 0]] - keypoints[:, BONES[:, 1]], axis=-1)
    expected = body.limb_lengths().reshape(-1)
    np.testing.assert_allclose(
        lengths, np.broadcast_to(expected, lengths.shape), rtol=1e-6)


def test_left_side_is_on_the_left_seen_from_behind(climb):
    _, _, keypoints = climb
    for left, right in ((1, 2), (3, 4), (15, 16)):
        assert np.all(keypoints[:, left, 0] < keypoints[:, right, 0])
    shoulders = keypoints[:, 3:5, 1].mean(1)
    assert np.all(keypoints[:, 0, 1] < shoulders)  # head above shoulders
    assert np.all(keypoints[:, 15:17, 1].mean(1) > shoulders)


def test_climber_goes_up_smoothly(climb):
    _, state, keypoints = climb
    hips = state['hip_center']
    assert hips[-1, 1] < hips[0, 1] - 0.2
    step = np.linalg.norm(np.diff(keypoints, axis=0), axis=-1)
    assert step.max() < 0.05  # standing heights per frame
    torso = np.linalg.norm(keypoints[:, 3] - keypoints[:, 15], axis=-1)
    assert 0.2 < torso.mean() < 0.4


def test_limbs_move_one_or_two_at_a_time(climb):
    _, state, _ = climb
    speed = np.linalg.norm(np.diff(state['effectors'], axis=0), axis=-1)
    moving = (speed > 1e-3).sum(axis=1)
    assert moving.max() <= 2
    assert (moving == 0).mean() > 0.1  # pauses between moves
    assert np.all(speed.max(axis=0) > 1e-3)  # every limb moves


def test_camera_scale_and_framing():
    rng = np.random.default_rng(0)
    scales = [FollowCamera.sample(rng).scale for _ in range(200)]
    assert 0.25 * 1920 <= min(scales) and max(scales) <= 0.7 * 1920
    world = np.zeros((30, 25, 2)) + np.linspace(0, -1, 30)[:, None, None]
    camera = FollowCamera(1000.0, (0.0, 0.0), follow_tau=1e-3, shake=0.0)
    image = camera.project(rng, world)
    np.testing.assert_allclose(image,
                               np.broadcast_to([539.5, 959.5], image.shape))


def test_annotator_flags_outside_and_keeps_torso():
    keypoints = np.full((50, 25, 2), 500.0)
    keypoints[:, 7] = [-3.0, 500.0]  # left of the frame
    keypoints[:, 8] = [500.0, 1920.0]  # just below
    annotator = SimulatedAnnotator(gap_rate=0.5, torso_gap_factor=1.0)
    target = annotator.annotate(np.random.default_rng(0), keypoints)
    assert target.shape == (50, 1, 25, 3) and target.dtype == np.float32
    flags = target[:, 0, :, 2]
    assert np.all(flags[:, 7:9] == 0)
    assert np.all(target[:, 0, 7:9, :2] == 0)
    assert np.all(flags[:, [3, 4, 15, 16]].max(axis=1) == 1)
    assert 0 < flags.mean() < 1


def test_size_preset_lengths_are_stratified():
    preset = SizePreset('x', num_videos=10, frame_range=(100, 199))
    lengths = preset.video_lengths(np.random.default_rng(0))
    assert sorted(lengths // 10) == list(range(10, 20))
