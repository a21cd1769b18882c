"""The simulated detector: projection, peak errors and heatmap rendering."""
import numpy as np
import pytest

from mmclimb.datasets.synthetic import (HeatmapRenderer, PeakErrorModel,
                                        PersonBoxSimulator,
                                        SyntheticClimbGenerator,
                                        project_to_boxes)
from mmclimb.datasets.synthetic.keypoint_layout import FLIP_INDICES

S = 56
HANDS_FEET = np.r_[7:15, 19:25]
SHOULDERS_HIPS = np.array([3, 4, 15, 16])


def argmax_uv(heatmaps):
    """(T, K, H, W) -> (T, K, 2) integer argmax ``u, v``."""
    flat = heatmaps.reshape(*heatmaps.shape[:2], -1).argmax(-1)
    return np.stack([flat % S, flat // S], axis=-1)


def test_project_to_boxes_follows_the_doc():
    boxes = np.array([[100.0, 200.0, 380.0, 760.0]])
    # the centre of heatmap pixel (i, j) is x1 + (i + .5) w / W
    u, v = np.array([0, 55, 20]), np.array([0, 55, 37])
    x = 100.0 + (u + 0.5) * 280.0 / S
    y = 200.0 + (v + 0.5) * 560.0 / S
    uv = project_to_boxes(np.stack([x, y], -1)[None], boxes)
    np.testing.assert_allclose(uv[0], np.stack([u, v], -1), atol=1e-9)


def test_hands_and_feet_err_more_than_shoulders_and_hips():
    generator = SyntheticClimbGenerator(seed=0, preset='tiny')
    errors = []
    for index in range(len(generator.video_names)):
        video = generator.generate_video(index)
        boxes, keypoints = video['bboxes'], video['keypoints'][:, 0]
        target = np.round(
            np.clip(project_to_boxes(keypoints[..., :2], boxes), 0, S - 1))
        dist = np.linalg.norm(argmax_uv(video['heatmaps']) - target, axis=-1)
        errors.append(np.where(keypoints[..., 2] > 0, dist, np.nan))
    errors = np.concatenate(errors)
    extremities = np.nanmean(errors[:, HANDS_FEET])
    torso = np.nanmean(errors[:, SHOULDERS_HIPS])
    assert torso < 1.6
    assert extremities > 1.5 * torso


def test_peak_errors_scale_with_group_and_drift_is_correlated():
    model = PeakErrorModel(jitter_df=np.inf)
    rng = np.random.default_rng(0)
    errors = model.position_errors(rng, 4000)
    std = errors.std(axis=(0, 2))
    assert std[HANDS_FEET].min() > std[SHOULDERS_HIPS].max()
    slow = PeakErrorModel(
        offset=(0, ) * 5,
        jitter=(0, ) * 5,
        drift=(1, ) * 5,
        drift_tau=20.0,
        quality=(1, 1))
    drift = slow.position_errors(rng, 4000)
    lag1 = np.corrcoef(drift[1:, 0, 0], drift[:-1, 0, 0])[0, 1]
    assert lag1 > 0.9
    assert drift.std() == pytest.approx(1.0, rel=0.25)


def test_labelling_offsets_are_fixed_whole_pixels_and_mirrored():
    model = PeakErrorModel()
    offsets = model.labelling_offsets()
    assert offsets.shape == (25, 2)
    np.testing.assert_array_equal(offsets, np.round(offsets))
    # none on the torso and head by default, one pixel (axis or diagonal)
    # on every limb point
    assert np.all(offsets[[0, 1, 2, 3, 4, 15, 16]] == 0)
    limbs = np.abs(offsets[[5, 7, 9, 17, 19, 23]])
    assert np.all(limbs.max(-1) == 1)
    np.testing.assert_array_equal(offsets[FLIP_INDICES],
                                  offsets * [-1.0, 1.0])
    np.testing.assert_array_equal(offsets,
                                  PeakErrorModel().labelling_offsets())
    quiet = PeakErrorModel(jitter=(0, ) * 5, drift=(0, ) * 5)
    errors = quiet.position_errors(np.random.default_rng(0), 30)
    np.testing.assert_allclose(errors, np.broadcast_to(offsets, errors.shape))
    other = PeakErrorModel(offset_seed=1).labelling_offsets()
    assert not np.array_equal(offsets, other)


def test_swaps_put_peaks_on_flip_partners():
    model = PeakErrorModel(swap_rate=1.0, swap_duration=(5, 5))
    source = model.swap_sources(np.random.default_rng(0), 10)
    assert np.all(source[:, 7] == 8) and np.all(source[:, 8] == 7)
    assert np.all(source[:, 19] == 20) and np.all(source[:, 3] == 3)
    none = PeakErrorModel(swap_rate=0.0).swap_sources(
        np.random.default_rng(0), 10)
    assert np.array_equal(none, np.tile(np.arange(25), (10, 1)))


def test_peaks_stay_in_heatmap_and_doubles_appear():
    model = PeakErrorModel(double_rate=(1.0, ) * 5)
    true_uv = np.random.default_rng(1).uniform(-10, 66, (50, 25, 2))
    peaks = model.sample(np.random.default_rng(2), true_uv)
    for key in ('centre', 'second_centre'):
        assert peaks[key].min() >= 0 and peaks[key].max() <= S - 1
    assert np.all(peaks['second_amplitude'] > 0)
    gap = np.linalg.norm(peaks['second_centre'] - peaks['centre'], axis=-1)
    assert np.median(gap) > 3.0


def test_renderer_argmax_is_the_rounded_peak():
    renderer = HeatmapRenderer(noise=0.0, tilt=0.0)
    rng = np.random.default_rng(0)
    # keep clear of half-pixel ties, which float16 cannot resolve
    centre = rng.integers(2, 54,
                          (6, 25, 2)) + rng.uniform(-0.4, 0.4, (6, 25, 2))
    peaks = dict(
        centre=centre,
        amplitude=np.full((6, 25), 8.0),
        sigma=np.full((6, 25), 1.5),
        second_centre=centre,
        second_amplitude=np.zeros((6, 25)))
    heatmaps = renderer.render(rng, peaks)
    assert heatmaps.dtype == np.float16 and heatmaps.shape == (6, 25, S, S)
    assert np.array_equal(
        argmax_uv(heatmaps.astype(np.float32)), np.round(centre))
    corner = heatmaps[:, :, 0, 0].astype(np.float32)
    assert np.all((corner < -1.0) & (corner > -6.5))


def test_boxes_hold_margins_and_stay_in_frame():
    keypoints = np.random.default_rng(0).uniform(300, 700, (40, 25, 2))
    keypoints[:, 0] = [200, 100]
    keypoints[:, 1] = [1075, 1500]
    simulator = PersonBoxSimulator(margin=(0.05, 0.05), jitter=0, drift=0)
    boxes = simulator.boxes(np.random.default_rng(0), keypoints)
    assert boxes.dtype == np.float32 and boxes.shape == (40, 4)
    # 5% of the tight box (875 x 1400) on each side, clipped at x2 = 1080
    np.testing.assert_allclose(
        boxes[0], [156.25, 30.0, 1080.0, 1570.0], rtol=1e-6)


def test_double_peak_keeps_its_place_while_it_lasts():
    model = PeakErrorModel(
        offset=(0, ) * 5,
        jitter=(0, ) * 5,
        drift=(0, ) * 5,
        miss_rate=(0, ) * 5,
        double_rate=(0.05, ) * 5,
        double_duration=(5, 5))
    true_uv = np.full((300, 25, 2), 27.0)
    peaks = model.sample(np.random.default_rng(3), true_uv)
    active = peaks['second_amplitude'] > 0
    continued = active[1:] & active[:-1]
    assert continued.sum() > 100
    moved = np.abs(np.diff(peaks['second_centre'], axis=0)).max(-1)
    assert np.all(moved[continued] == 0)
    ratio = peaks['second_amplitude'] / np.abs(peaks['amplitude'])
    np.testing.assert_allclose(
        np.diff(ratio, axis=0)[continued], 0.0, atol=1e-9)


def test_missed_points_sit_low_on_a_wrong_spot():
    model = PeakErrorModel(
        offset=(0, ) * 5,
        jitter=(0, ) * 5,
        drift=(0, ) * 5,
        miss_rate=(0.05, ) * 5,
        miss_duration=(4, 4),
        blur_rate=(0, ) * 5,
        double_rate=(0, ) * 5)
    true_uv = np.full((300, 25, 2), 27.0)
    peaks = model.sample(np.random.default_rng(4), true_uv)
    missed = peaks['amplitude'] < 2.0
    assert 0.05 < missed.mean() < 0.5
    assert np.all(peaks['amplitude'][~missed] >= 6.5 * 0.85)
    offset = np.linalg.norm(peaks['centre'] - 27.0, axis=-1)
    assert np.all(offset[~missed] == 0)
    assert np.median(offset[missed]) > 5.0
