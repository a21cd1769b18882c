"""The transforms that turn 3D motion into simulated 2D detections:
ResampleFrameRate, RandomMirrorMotion, RandomVirtualCamera,
SimulateKeypointNoise and WindowPersonBox."""
import numpy as np
import pytest

from mmclimb.datasets.mocap import load_cmu_clip
from mmclimb.datasets.synthetic.keypoint_layout import FLIP_INDICES
from mmclimb.datasets.transforms import (RandomMirrorMotion,
                                         RandomVirtualCamera,
                                         ResampleFrameRate,
                                         SimulateKeypointNoise,
                                         WindowPersonBox)
from mmclimb.datasets.transforms.random_virtual_camera import DEFAULT_FRAMES
from mmclimb.testing import write_tiny_cmu_mocap

K = 25
FLIP = list(FLIP_INDICES)
QUIET = dict(jitter=0.0, outlier_rate=0.0, swap_rate=0.0, group_swap_rate={},
             drop_frame_rate=0.0, drop_point_rate=0.0, erratic_rate=0.0)


@pytest.fixture(scope='module')
def standing(tmp_path_factory):
    """(79, 25, 3) cm of a tiny generated clip: a person standing (about
    162 cm from toes to ears) and swaying a little, walking slowly."""
    root = tmp_path_factory.mktemp('mocap')
    path = write_tiny_cmu_mocap(root, {'901_01': 80})[0]
    return load_cmu_clip(path)['keypoints'].astype(np.float64)


def _linear_motion(num_frames, seed=0):
    rng = np.random.default_rng(seed)
    start = rng.uniform(-50, 50, (K, 3))
    velocity = rng.uniform(-2, 2, (K, 3))
    frames = np.arange(num_frames)[:, None, None]
    return start, velocity, start + velocity * frames


def _motion_results(motion, visible=None, fps=60.0, **extra):
    return dict(keypoints_3d=motion.copy(),
                keypoints_visible=np.ones(motion.shape[:2], np.float32)
                if visible is None else visible.copy(),
                fps=fps, flip_indices=FLIP, **extra)


# ResampleFrameRate


@pytest.mark.parametrize('fps', [24.0, 30.0, 45.0, 60.0])
def test_resample_linear_motion_exactly(fps):
    start, velocity, motion = _linear_motion(30)
    visible = np.ones((30, K), np.float32)
    visible[12, 4] = 0
    out = ResampleFrameRate(fps_range=(fps, fps), seed=1)(
        _motion_results(motion, visible, seq_len=7, sample_idx=3))
    assert out['fps'] == pytest.approx(fps)
    assert out['keypoints_3d'].shape == (7, K, 3)
    step = 60.0 / fps
    # the source time of the first frame, from any coordinate
    t0 = (out['keypoints_3d'][0] - start) / velocity
    t0 = float(np.median(t0))
    assert 0 <= t0 <= 29 - 6 * step + 1e-9
    times = t0 + step * np.arange(7)
    np.testing.assert_allclose(out['keypoints_3d'],
                               start + velocity * times[:, None, None],
                               atol=1e-9)
    np.testing.assert_allclose(np.diff(out['keypoints_3d'], axis=0),
                               np.broadcast_to(step * velocity, (6, K, 3)),
                               atol=1e-9)
    np.testing.assert_array_equal(out['frame_ids'], np.rint(times))
    assert out['valid'].all() and out['valid'].shape == (7, )
    # a flag is the smaller one of the two source frames
    touches = (np.floor(times) == 12) | (np.floor(times) + 1 == 12)
    np.testing.assert_array_equal(out['keypoints_visible'][:, 4],
                                  np.where(touches, 0, 1))
    np.testing.assert_array_equal(out['keypoints_visible'][:, 3], 1)


def test_resample_draws_rates_in_range_and_seed():
    _, _, motion = _linear_motion(21)
    transform = ResampleFrameRate(fps_range=(24, 60), seed=5)
    first = transform(_motion_results(motion, seq_len=9, sample_idx=0))
    again = transform(_motion_results(motion, seq_len=9, sample_idx=0))
    np.testing.assert_array_equal(first['keypoints_3d'],
                                  again['keypoints_3d'])
    assert first['fps'] == again['fps']
    rates = [
        transform(_motion_results(motion, seq_len=9, sample_idx=i))['fps']
        for i in range(40)
    ]
    assert min(rates) >= 24 and max(rates) <= 60
    assert len(set(rates)) == 40 and max(rates) - min(rates) > 15
    # seq_len given to the transform wins over the sample's
    out = ResampleFrameRate(seq_len=4, fps_range=(60, 60))(
        _motion_results(motion, seq_len=9))
    assert out['keypoints_3d'].shape == (4, K, 3)


def test_resample_too_short_window_names_the_fix():
    _, _, motion = _linear_motion(12)
    transform = ResampleFrameRate(fps_range=(24, 60), seed=0)
    assert transform.source_frames(60.0, 9) == 21
    with pytest.raises(ValueError, match='needs 21.*min_fps'):
        for i in range(20):  # some draw is slow enough
            transform(_motion_results(motion, seq_len=9, sample_idx=i,
                                      video='clip'))
    with pytest.raises(ValueError, match='fps_range'):
        ResampleFrameRate(fps_range=(30, 24))


# RandomMirrorMotion


def test_mirror_negates_x_and_swaps_sides():
    _, _, motion = _linear_motion(5)
    visible = np.random.default_rng(1).uniform(size=(5, K)).astype(
        np.float32)
    out = RandomMirrorMotion(prob=1.0)(_motion_results(motion, visible))
    assert out['mirrored'] is True
    flip = np.asarray(FLIP)
    np.testing.assert_array_equal(out['keypoints_3d'][..., 0],
                                  -motion[:, flip, 0])
    np.testing.assert_array_equal(out['keypoints_3d'][..., 1:],
                                  motion[:, flip, 1:])
    np.testing.assert_array_equal(out['keypoints_visible'],
                                  visible[:, flip])
    twice = RandomMirrorMotion(prob=1.0)(dict(out))
    np.testing.assert_array_equal(twice['keypoints_3d'], motion)
    np.testing.assert_array_equal(twice['keypoints_visible'], visible)
    kept = RandomMirrorMotion(prob=0.0)(_motion_results(motion, visible))
    assert kept['mirrored'] is False
    np.testing.assert_array_equal(kept['keypoints_3d'], motion)


def test_mirror_probability_and_seed():
    _, _, motion = _linear_motion(3)
    transform = RandomMirrorMotion(prob=0.5, seed=2)
    draws = [transform(_motion_results(motion, sample_idx=i))['mirrored']
             for i in range(200)]
    assert 70 < sum(draws) < 130
    assert draws == [
        transform(_motion_results(motion, sample_idx=i))['mirrored']
        for i in range(200)
    ]
    with pytest.raises(ValueError, match='prob'):
        RandomMirrorMotion(prob=1.5)


# RandomVirtualCamera


def _camera(motion, seed=0, sample_idx=0, fps=60.0, **kwargs):
    return RandomVirtualCamera(seed=seed, **kwargs)(
        _motion_results(motion, fps=fps, sample_idx=sample_idx))


@pytest.mark.parametrize('offset', [0.0, 0.15])
def test_camera_target_projects_near_the_centre(standing, offset):
    motion = standing[:9].copy()
    target = motion[:, [15, 16]].mean(axis=1).mean(axis=0)
    motion[:, 0] = target  # the nose at the look-at point
    for i in range(20):
        out = _camera(motion, sample_idx=i, offset=offset, pan_speed=0.0)
        width, height = out['image_wh']
        rel = out['keypoints'][:, 0] / np.array([width, height]) - 0.5
        assert (np.abs(rel) <= offset + 1e-5).all()
        if offset == 0:
            np.testing.assert_allclose(out['keypoints'][:, 0],
                                       np.tile([width / 2, height / 2],
                                               (9, 1)), atol=1e-2)
        else:  # one offset per window
            np.testing.assert_allclose(
                out['keypoints'][:, 0],
                np.broadcast_to(out['keypoints'][:1, 0], (9, 2)), atol=1e-2)


def test_camera_frames_sizes_and_seed(standing):
    motion = standing[:9]
    sizes = set()
    inside_fraction = []
    for i in range(40):
        out = _camera(motion, seed=3, sample_idx=i)
        width, height = (int(v) for v in out['image_wh'])
        assert (width, height) in DEFAULT_FRAMES
        sizes.add('landscape' if width > height else 'portrait')
        keypoints = out['keypoints']
        assert keypoints.shape == (9, K, 2) and keypoints.dtype == np.float32
        assert np.isfinite(keypoints).all()
        assert out['focal'] > 0
        # the hips inside the frame; a large person may be cropped (the
        # camera looks at the hips, up to 90% of the frame height tall)
        rel = keypoints / np.array([width, height])
        hips = rel[:, [15, 16]].mean(axis=1)
        assert ((hips > 0.3) & (hips < 0.7)).all()
        assert ((rel > -0.3) & (rel < 1.3)).all()
        assert (out['keypoints_visible'] == 1).all()
        inside = ((rel >= 0) & (rel <= 1)).all(axis=-1)
        inside_fraction.append(inside.mean())
    assert sizes == {'landscape', 'portrait'}
    assert np.mean(inside_fraction) > 0.9
    first, again = _camera(motion, seed=3), _camera(motion, seed=3)
    np.testing.assert_array_equal(first['keypoints'], again['keypoints'])
    other = _camera(motion, seed=3, sample_idx=1)
    assert not np.allclose(first['keypoints'], other['keypoints'])


@pytest.mark.parametrize('pitch_range,margin', [((0.0, 0.0), 0.12),
                                                ((-15.0, 45.0), 0.35)])
def test_camera_person_height(standing, pitch_range, margin):
    """A standing person's pixel height is size_range of the frame height
    (extra margin: perspective, and foreshortening when looking down)."""
    motion = standing[:9]
    low, high = 0.3, 0.8
    ratios = []
    for i in range(40):
        out = _camera(motion, sample_idx=i, size_range=(low, high),
                      pitch_range=pitch_range)
        y = out['keypoints'][..., 1]
        ratio = np.median(y.max(axis=1) - y.min(axis=1)) / out['image_wh'][1]
        ratios.append(ratio)
    ratios = np.array(ratios)
    assert (ratios > low * (1 - margin)).all()
    assert (ratios < high * (1 + margin)).all()
    assert ratios.max() - ratios.min() > 0.5 * (high - low)


def test_camera_without_motion_is_static(standing):
    pose = np.repeat(standing[:1], 12, axis=0)
    out = _camera(pose, seed=4, orbit_speed=0.0, dolly_speed=0.0,
                  pan_speed=0.0)
    np.testing.assert_allclose(out['keypoints'],
                               np.broadcast_to(out['keypoints'][:1],
                                               (12, K, 2)), atol=1e-3)
    # with the default slow motion the same pose moves in the image
    moving = _camera(pose, seed=4)
    assert np.abs(moving['keypoints'][-1] - moving['keypoints'][0]).max() \
        > 1e-2


def test_camera_drops_points_behind_it(standing):
    """A camera 60 degrees above the hips, a few metres away: a point 100 m
    above the hips is behind it, one 100 m below is in front. Only in 2 of
    5 frames, so the person's extent (a median over frames) is kept."""
    motion = standing[:5].copy()
    target = motion[:, [15, 16]].mean(axis=1).mean(axis=0)
    motion[:2, 24] = target + [0, 1e4, 0]
    motion[:2, 23] = target - [0, 1e4, 0]
    for i in range(5):
        out = _camera(motion, sample_idx=i, pitch_range=(60.0, 60.0))
        visible = out['keypoints_visible']
        assert np.isfinite(out['keypoints']).all()
        np.testing.assert_array_equal(visible[:2, 24], 0)
        np.testing.assert_array_equal(visible[:, 23], 1)
        np.testing.assert_array_equal(np.delete(visible, 24, axis=1), 1)
        np.testing.assert_array_equal(visible[2:], 1)


# SimulateKeypointNoise


def _pixels(num_frames=10, seed=0):
    """(T, K, 2) image keypoints of a person about 300 px tall, moving
    linearly."""
    rng = np.random.default_rng(seed)
    pose = rng.uniform([400, 300], [520, 600], (K, 2))
    velocity = rng.uniform(-3, 3, (K, 2))
    return pose + velocity * np.arange(num_frames)[:, None, None]


def _noise(keypoints, sample_idx=0, fps=30.0, visible=None, **kwargs):
    results = dict(keypoints=keypoints.astype(np.float32),
                   keypoints_visible=np.ones(keypoints.shape[:2], np.float32)
                   if visible is None else visible,
                   flip_indices=FLIP, fps=fps, sample_idx=sample_idx)
    return SimulateKeypointNoise(**kwargs)(results)


def test_noise_scales_with_the_person():
    clean = _pixels(20)
    kwargs = dict(seed=7, drop_point_rate=0.05, outlier_rate=0.1,
                  swap_rate=0.05)
    small = _noise(clean, **kwargs)
    large = _noise(2 * clean, **kwargs)
    assert large['noise_torso'] == pytest.approx(2 * small['noise_torso'])
    np.testing.assert_array_equal(large['input_visible'],
                                  small['input_visible'])
    np.testing.assert_allclose(large['input_keypoints'] - 2 * clean,
                               2 * (small['input_keypoints'] - clean),
                               rtol=1e-4, atol=1e-2)
    assert np.abs(small['input_keypoints'] - clean).max() > 1


def test_noise_has_no_bias():
    clean = _pixels(11)
    transform = SimulateKeypointNoise(seed=11, swap_rate=0.0,
                                      group_swap_rate={})
    errors = []
    for i in range(400):
        out = transform(dict(keypoints=clean.astype(np.float32),
                             keypoints_visible=np.ones((11, K), np.float32),
                             flip_indices=FLIP, fps=30.0, sample_idx=i))
        errors.append(out['input_keypoints'][5] - clean[5])  # one frame
    errors = np.array(errors)  # (400, K, 2), independent draws
    mean, std = errors.mean(axis=0), errors.std(axis=0)
    assert (std > 0).all()
    z = mean / (std / np.sqrt(len(errors)))
    assert np.abs(z).max() < 4.5
    assert (np.abs(mean) < 0.25 * std).all()
    assert abs(z.mean()) < 4.5 / np.sqrt(z.size)


def test_dropped_points_filled_and_flagged():
    clean = _pixels(30)
    out = _noise(clean, seed=3, **dict(QUIET, drop_point_rate=0.2,
                                       drop_frame_rate=0.1))
    visible, keypoints = out['input_visible'], out['input_keypoints']
    assert keypoints.dtype == np.float32 and np.isfinite(keypoints).all()
    assert set(np.unique(visible)) == {0.0, 1.0}
    assert (visible == 0).any() and (visible == 0).all(axis=1).any()
    # without noise the kept points are the clean ones, and gaps of linear
    # motion are filled exactly (edge hold at the ends)
    np.testing.assert_allclose(keypoints[visible > 0], clean[visible > 0],
                               atol=1e-3)
    for k in range(K):
        kept = np.flatnonzero(visible[:, k])
        inner = np.arange(kept[0], kept[-1] + 1)
        np.testing.assert_allclose(keypoints[inner, k], clean[inner, k],
                                   atol=1e-3)
        np.testing.assert_allclose(keypoints[:kept[0], k],
                                   np.broadcast_to(clean[kept[0], k],
                                                   (kept[0], 2)), atol=1e-3)


def test_quiet_noise_is_the_identity():
    clean = _pixels(15)
    out = _noise(clean, seed=0, **QUIET)
    np.testing.assert_array_equal(out['input_keypoints'],
                                  clean.astype(np.float32))
    np.testing.assert_array_equal(out['input_visible'], 1)


def test_noise_seed():
    clean = _pixels(15)
    first = _noise(clean, seed=1, sample_idx=4)
    again = _noise(clean, seed=1, sample_idx=4)
    np.testing.assert_array_equal(first['input_keypoints'],
                                  again['input_keypoints'])
    other = _noise(clean, seed=1, sample_idx=5)
    assert not np.allclose(first['input_keypoints'], other['input_keypoints'])


def _lag1(noise):
    """Pooled lag-1 autocorrelation over keypoints and coordinates."""
    noise = noise - noise.mean(axis=0)
    return float((noise[1:] * noise[:-1]).sum() / (noise**2).sum())


def test_jitter_correlation_time_is_in_seconds():
    clean = np.repeat(_pixels(1), 1500, axis=0)
    kwargs = dict(QUIET, jitter=0.02, jitter_gain=(1.0, 1.0),
                  correlation_seconds=(0.1, 0.1), seed=0)
    rho = {}
    for fps in (30.0, 60.0):
        out = _noise(clean, fps=fps, **kwargs)
        rho[fps] = _lag1(out['input_keypoints'] - clean)
        assert rho[fps] == pytest.approx(np.exp(-1 / (fps * 0.1)), abs=0.02)
    assert rho[60.0] > rho[30.0] + 0.1
    # without a correlation time the jitter is white
    white = _noise(clean, **dict(kwargs, correlation_seconds=(0.0, 0.0)))
    assert abs(_lag1(white['input_keypoints'] - clean)) < 0.02


# WindowPersonBox


def test_window_person_box_rows_equal_and_robust():
    keypoints = np.repeat(_pixels(1), 9, axis=0)  # a person standing still
    visible = np.ones((9, K), np.float32)
    transform = WindowPersonBox(margin=0.1)
    box = transform(dict(input_keypoints=keypoints,
                         input_visible=visible))['bboxes']
    assert box.shape == (9, 4) and box.dtype == np.float32
    assert (box == box[0]).all()
    side = box[0, 2:] - box[0, :2]
    assert side[0] == pytest.approx(side[1])
    stray = keypoints.copy()
    stray[4, 7] = [5000, -3000]
    moved = transform(dict(input_keypoints=stray,
                           input_visible=visible))['bboxes']
    np.testing.assert_allclose(moved, box, atol=1e-3)
    # of a moving person, a frame's extent sets the box at most as far as
    # the motion between frames
    walking = _pixels(9)
    box = transform(dict(input_keypoints=walking))['bboxes']
    stray = walking.copy()
    stray[4, 7] = [5000, -3000]
    moved = transform(dict(input_keypoints=stray))['bboxes']
    step = np.abs(np.diff(walking, axis=0)).max() * 1.1 * 2
    assert np.abs(moved - box).max() < step
    # a dropped (flagged 0) point does not count, wherever it is
    far = keypoints.copy()
    far[:, 3] = [1e5, 1e5]
    hidden = visible.copy()
    hidden[:, 3] = 0
    without = transform(dict(input_keypoints=far,
                             input_visible=hidden))['bboxes']
    others = transform(dict(input_keypoints=np.delete(keypoints, 3, axis=1),
                            input_visible=np.delete(visible, 3, axis=1)))
    np.testing.assert_allclose(without, others['bboxes'], atol=1e-3)


@pytest.mark.parametrize('group', ['arms', 'legs', 'body'])
def test_group_flips_swap_whole_chains(group):
    from mmclimb.datasets.transforms.simulate_keypoint_noise import \
        SWAP_GROUPS
    clean = _pixels(40, seed=5)
    quiet = dict(QUIET, group_swap_rate={group: 0.2},
                 group_swap_frames=(2, 2))
    out = _noise(clean, seed=4, **quiet)['input_keypoints']
    moved = ~np.isclose(out, clean, atol=1e-3).all(axis=-1)  # (T, K)
    assert moved.any()
    members = sorted(k for pair in SWAP_GROUPS[group] for k in pair)
    others = [k for k in range(K) if k not in members]
    assert not moved[:, others].any()
    partner = np.asarray(FLIP)
    for t in np.flatnonzero(moved.any(axis=1)):
        # a flipped frame holds every member at its partner's position
        np.testing.assert_allclose(out[t, members],
                                   clean[t, partner[members]], atol=1e-3)
    with pytest.raises(ValueError, match='unknown groups'):
        SimulateKeypointNoise(group_swap_rate=dict(hands=0.1))


def _jitter_only(clean, **kwargs):
    quiet = dict(QUIET, jitter=0.02, jitter_gain=(1.0, 1.0))
    quiet.update(kwargs)
    return _noise(clean, seed=5, **quiet)['input_keypoints'] - clean


def test_jitter_is_shared_with_the_parent_keypoint():
    from mmclimb.structures import CLIMBALONG_PARENTS
    clean = _pixels(4000)
    shared = _jitter_only(clean)
    alone = _jitter_only(clean, jitter_parent_correlation=0.0)

    def corr(noise, k):
        parent = CLIMBALONG_PARENTS[k]
        return np.corrcoef(noise[:, k].ravel(), noise[:, parent].ravel())[0,
                                                                          1]

    # a finger follows its wrist, a heel its ankle, a knee its hip a little
    assert corr(shared, 9) == pytest.approx(0.97, abs=0.02)
    assert corr(shared, 21) == pytest.approx(0.97, abs=0.02)
    assert corr(shared, 17) == pytest.approx(0.6, abs=0.05)
    assert abs(corr(alone, 9)) < 0.05
    # each keypoint keeps its own std
    np.testing.assert_allclose(shared.std(axis=(0, 2)),
                               alone.std(axis=(0, 2)), rtol=0.1)


def test_outliers_move_a_hand_as_one_piece():
    clean = _pixels(400)
    quiet = dict(QUIET, outlier_rate=0.05)
    errors = _noise(clean, seed=2, **quiet)['input_keypoints'] - clean
    hand = errors[:, [7, 9, 11, 13]]
    assert np.abs(hand).max() > 1
    np.testing.assert_allclose(hand, hand[:, :1].repeat(4, axis=1),
                               atol=1e-3)
    apart = _noise(clean, seed=2, outlier_groups=(),
                   **quiet)['input_keypoints'] - clean
    assert np.abs(apart[:, 9] - apart[:, 7]).max() > 1


def _runs(mask):
    """Lengths of the runs of True of a 1-d bool array."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)


def test_erratic_tracking_jumps_a_whole_limb_in_bursts():
    clean = np.repeat(_pixels(1), 3000, axis=0)
    errors = _noise(clean, seed=3, **dict(QUIET, erratic_rate=0.3)
                    )['input_keypoints'] - clean
    arm = errors[:, [5, 7, 9, 11, 13]]
    assert np.abs(arm[:, 1]).max() > 20
    # the hand moves as one piece, the elbow with it at about half the size
    np.testing.assert_allclose(arm[:, 2:], arm[:, 1:2].repeat(3, axis=1),
                               atol=1e-3)
    np.testing.assert_allclose(arm[:, 0], 0.48 * arm[:, 1], atol=1e-2)
    # face, shoulders and hips never stray
    assert np.abs(errors[:, [0, 1, 2, 3, 4, 15, 16]]).max() < 1e-3
    # a burst of jumps, not a smooth excursion like an outlier episode
    bursty = _lag1(arm[:, 1])
    smooth = _noise(clean, seed=3, **dict(QUIET, outlier_rate=0.01)
                    )['input_keypoints'] - clean
    assert bursty < 0.5 < _lag1(smooth[:, 7])


def test_erratic_episodes_last_seconds_at_any_frame_rate():
    clean = np.repeat(_pixels(1), 12000, axis=0)
    lengths, share = {}, {}
    for fps in (30.0, 60.0):
        errors = _noise(clean, fps=fps, seed=4, **dict(
            QUIET, erratic_rate=0.15, erratic_seconds=(0.4, 0.4))
        )['input_keypoints'] - clean
        erratic = np.abs(errors[:, 7]).sum(-1) > 1e-2
        lengths[fps] = np.median(_runs(erratic))
        share[fps] = erratic.mean()
    assert lengths[30.0] == 12 and lengths[60.0] == 24
    # the rate is per second: the same share of the time at both rates
    assert share[30.0] == pytest.approx(0.06, rel=0.3)
    assert share[60.0] == pytest.approx(share[30.0], rel=0.3)


def test_erratic_settings_are_checked():
    with pytest.raises(ValueError, match='erratic_seconds'):
        SimulateKeypointNoise(erratic_seconds=(0.5, 0.2))
    with pytest.raises(ValueError, match='erratic_groups'):
        _noise(_pixels(5), erratic_groups=((3, 30), ), erratic_rate=0.5)
    with pytest.raises(ValueError, match='erratic_size'):
        _noise(_pixels(5), erratic_size=(0.1, 0.2), erratic_rate=0.5)


def test_noise_tree_and_groups_are_checked():
    with pytest.raises(ValueError, match='jitter_parents'):
        SimulateKeypointNoise(jitter_parents=[-1, 2, 0])
    with pytest.raises(ValueError, match='overlap'):
        SimulateKeypointNoise(outlier_groups=((0, 1), (1, 2)))
