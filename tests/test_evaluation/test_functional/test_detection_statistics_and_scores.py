"""detection_statistics (no ground truth) and the sequence scores of the
general refiner report, on synthetic trajectories of known noise."""
import numpy as np
import pytest

from mmclimb.evaluation.functional import (accuracy_scores,
                                           acceleration_error,
                                           detection_statistics,
                                           displacement_scores,
                                           mean_keypoint_error,
                                           torso_pck, trajectory_jitter)
from mmclimb.evaluation.functional.detection_statistics import FLIP_PAIRS

K = 25
TORSO = 100.0  # px: shoulders (+-20, 0), hips (+-20, 100)
FPS = 30.0
T = 300

# NumPy warns on every frame without any keypoint (nanmedian of its step)
pytestmark = pytest.mark.filterwarnings('ignore:All-NaN slice')


def skeleton():
    """(K, 2) a person whose left/right partners are 40-86 px apart and
    whose torso diameter is exactly TORSO."""
    points = np.zeros((K, 2))
    points[0] = (0, -40)
    for i, (left, right) in enumerate(FLIP_PAIRS):
        half = 20 + 2 * i
        points[left] = (-half, -30 + 15 * i)
        points[right] = (half, -30 + 15 * i)
    points[[3, 4, 15, 16]] = [(-20, 0), (20, 0), (-20, 100), (20, 100)]
    return points


def truth(frames=T):
    """(T, K, 2): the skeleton walking slowly and swaying."""
    t = np.arange(frames) / FPS
    centre = np.stack([
        300 + 40 * t + 20 * np.sin(2 * np.pi * 0.3 * t),
        400 + 10 * np.sin(2 * np.pi * 0.2 * t)
    ], axis=-1)
    return skeleton()[None] + centre[:, None]


def noisy(std_torso, seed=1, frames=T):
    rng = np.random.default_rng(seed)
    clean = truth(frames)
    return clean + rng.normal(0, std_torso * TORSO, clean.shape)


def test_torso_and_a_clean_single_track():
    stats = detection_statistics(noisy(0.01), FPS)
    assert stats['torso_px'] == pytest.approx(TORSO, rel=0.01)
    assert stats['num_frames'] == T
    assert stats['num_tracks'] == 1 and stats['track_switches'] == 0
    assert stats['missing_frame_rate'] == 0.0
    assert stats['missing_run_lengths'] == []
    assert stats['missing_point_rate'] == 0.0
    assert stats['swap_rate'] == 0.0
    assert stats['residual_scale'].shape == (K, )


@pytest.mark.parametrize('std', [0.005, 0.01, 0.02])
def test_residual_scale_recovers_white_noise(std):
    scale = detection_statistics(noisy(std), FPS)['residual_scale']
    # the smoother follows a little of the noise: about 0.75-0.8 of it
    assert abs(scale.mean() / std - 1) < 0.25
    assert ((scale > 0.6 * std) & (scale < 1.2 * std)).all()


# noise-free motion: no residual reaches the histogram's first bin, whose
# density is then 0 / 0
@pytest.mark.filterwarnings('ignore:invalid value encountered in divide')
def test_residual_scale_grows_with_the_noise():
    one = detection_statistics(noisy(0.01), FPS)['residual_scale']
    two = detection_statistics(noisy(0.02), FPS)['residual_scale']
    assert 1.8 < two.mean() / one.mean() < 2.2
    # noise-free motion leaves almost nothing
    quiet = detection_statistics(truth(), FPS)['residual_scale']
    assert quiet.max() < 0.1 * one.min()


def _swap(keypoints, share, seed=2):
    """Swap each (frame, left/right pair) with probability ``share``."""
    out = keypoints.copy()
    mask = np.random.default_rng(seed).random(
        (len(keypoints), len(FLIP_PAIRS))) < share
    pairs = np.array(FLIP_PAIRS)
    for t, p in zip(*np.nonzero(mask)):
        left, right = pairs[p]
        out[t, [left, right]] = out[t, [right, left]]
    return out, mask.mean()


@pytest.mark.parametrize('share', [0.02, 0.05])
def test_injected_swaps_raise_the_swap_rate(share):
    base = noisy(0.01)
    before = detection_statistics(base, FPS)['swap_rate']
    swapped, injected = _swap(base, share)
    stats = detection_statistics(swapped, FPS)
    assert before == 0.0
    assert stats['swap_rate'] == pytest.approx(injected, rel=0.25)
    assert len(stats['swap_run_lengths']) > 0
    assert sum(stats['swap_run_lengths']) == pytest.approx(
        stats['swap_rate'] * T * len(FLIP_PAIRS))


def test_missing_frames_and_points_are_counted_exactly():
    keypoints = noisy(0.01)
    keypoints[50:53] = np.nan  # 3
    keypoints[100] = np.nan  # 1
    keypoints[200:210] = np.nan  # 10
    keypoints[20, [5, 6]] = np.nan  # two points of a detected frame
    keypoints[250, 9] = np.nan
    stats = detection_statistics(keypoints, FPS)
    assert stats['missing_frame_rate'] == pytest.approx(14 / T)
    assert stats['missing_run_lengths'] == [3, 1, 10]
    # the frames without a keypoint split the sequence: 4 tracks
    assert stats['num_tracks'] == 4 and stats['track_switches'] == 0
    # every detected frame is in a track (all runs >= 9 frames)
    assert stats['missing_point_rate'] == pytest.approx(3 / ((T - 14) * K))


def test_short_runs_are_dropped_from_the_tracks():
    keypoints = noisy(0.01)
    keypoints[100] = np.nan
    keypoints[105] = np.nan  # frames 101-104: too short for a track
    stats = detection_statistics(keypoints, FPS)
    assert stats['num_tracks'] == 2
    assert stats['missing_run_lengths'] == [1, 1]


@pytest.mark.parametrize('gap', [False, True])
def test_a_person_jump_splits_the_track(gap):
    keypoints = noisy(0.01)
    keypoints[150:] += [5 * TORSO, 0]  # another person, 5 torsos away
    if gap:
        keypoints[150] = np.nan
    stats = detection_statistics(keypoints, FPS)
    assert stats['num_tracks'] == 2
    if not gap:
        assert stats['track_switches'] == 1
    # (across a frame without keypoints the jump is not counted as a
    # switch: the gap has split the track already)
    # the jump is no residual: both tracks are smoothed apart
    assert stats['residual_scale'].max() < 0.02
    # the same jump of a tenth of a torso is motion, not a switch
    small = noisy(0.01)
    small[150:] += [0.1 * TORSO, 0]
    assert detection_statistics(small, FPS)['num_tracks'] == 1


def test_detection_statistics_rejects_unusable_input():
    keypoints = noisy(0.01, frames=40)
    keypoints[:, 15] = np.nan  # no hip: no torso anywhere
    with pytest.raises(ValueError, match='torso'):
        detection_statistics(keypoints, FPS)
    short = noisy(0.01, frames=40)
    short[::5] = np.nan  # runs of 4 frames
    with pytest.raises(ValueError, match='no track'):
        detection_statistics(short, FPS)


# ----------------------------------------------------------------------
# sequence scores
# ----------------------------------------------------------------------
def test_jitter_of_constant_velocity_is_zero():
    t = np.arange(20)[:, None, None]
    keypoints = skeleton()[None] + t * np.array([3.0, -1.5])
    present = np.ones((20, K), bool)
    assert trajectory_jitter(keypoints, present) == pytest.approx(0, abs=1e-9)


def test_jitter_of_an_alternating_signal():
    d, frames = 1.5, 12
    sign = (-1.0)**np.arange(frames)
    keypoints = np.zeros((frames, 2, 2))
    keypoints[:, 0, 0] = 10 + d * sign  # +-d: second difference 4d
    keypoints[:, 1] = np.arange(frames)[:, None] * 2.0  # constant velocity
    present = np.ones((frames, 2), bool)
    assert trajectory_jitter(keypoints, present) == pytest.approx(2 * d)
    # a point absent in frame 5 drops its triples 4, 5, 6
    present[5, 1] = False
    inner = frames - 2
    assert trajectory_jitter(keypoints, present) == pytest.approx(
        4 * d * inner / (2 * inner - 3))
    # alternating in both axes: |(4d, 4d)|
    keypoints[:, 0, 1] = d * sign
    present[:] = True
    assert trajectory_jitter(keypoints, present) == pytest.approx(
        (4 * d * np.sqrt(2) + 0) / 2)


def test_jitter_of_several_people_counts_each_track_on_its_own():
    d, frames = 1.5, 12
    sign = (-1.0)**np.arange(frames)
    people = np.zeros((2, frames, 1, 2))
    people[0, :, 0, 0] = 10 + d * sign  # second difference 4d
    people[1, :, 0, 0] = np.arange(frames) * 2.0  # constant velocity
    people[1, :4] = np.nan  # the second person enters at frame 4
    present = np.isfinite(people).all(-1)
    # 10 triples of 4d, 6 of 0; none across the two people
    assert trajectory_jitter(people, present) == pytest.approx(
        4 * d * 10 / 16)
    assert trajectory_jitter(people[0], present[0]) == pytest.approx(4 * d)


def test_displacement_scores_by_hand():
    raw = np.stack([skeleton(), skeleton() + 7.0])  # torso 100 in both
    refined = raw.copy()
    refined[0, 0] += [12.0, 16.0]  # 20 px: more than a tenth of a torso
    refined[1, 1] += [0.0, 5.0]  # 5 px
    refined[1, 2] += [300.0, 0.0]  # absent from the input: not counted
    present = np.ones((2, K), bool)
    present[1, 2] = False
    scores = displacement_scores(refined, raw, present)
    counted = 2 * K - 1
    assert scores['shift_px'] == pytest.approx(25.0 / counted)
    assert scores['moved_pct'] == pytest.approx(100.0 / counted)
    # the threshold is in torsos: 0.25 torsos moves nothing here
    assert displacement_scores(refined, raw, present,
                               share_of_torso=0.25)['moved_pct'] == 0.0


def _gt(frames=6):
    t = np.arange(frames)[:, None, None]
    return skeleton()[None] + t * np.array([4.0, 1.0])


def test_accuracy_scores_of_a_perfect_prediction():
    gt = _gt()
    visible = np.ones(gt.shape[:2])
    scores = accuracy_scores(gt.copy(), gt, visible)
    assert scores == {'PCK@0.05': 100.0, 'PCK@0.1': 100.0,
                      'PCK@0.2': 100.0, 'error_px': 0.0, 'accel_err': 0.0}


def test_accuracy_scores_by_hand():
    gt = _gt()
    visible = np.ones(gt.shape[:2])
    visible[:, 24] = 0  # never annotated
    pred = gt.copy()
    pred[2, 0] += [0.0, 8.0]  # 0.08 torso: wrong at 0.05 only
    pred[3, 1] += [15.0, 0.0]  # 0.15 torso: right at 0.2 only
    pred[:, 24] += 1000.0  # unannotated: ignored
    scores = accuracy_scores(pred, gt, visible)
    counted = 6 * 24
    assert scores['PCK@0.05'] == pytest.approx(100 * (counted - 2) / counted)
    assert scores['PCK@0.1'] == pytest.approx(100 * (counted - 1) / counted)
    assert scores['PCK@0.2'] == pytest.approx(100.0)
    assert scores['error_px'] == pytest.approx(23.0 / counted)
    # keypoint 0: second differences (0, 8), (0, -16), (0, 8) over frames
    # 1-3; keypoint 1: (15, 0), (-30, 0), (15, 0) over frames 2-4
    triples = 4 * 24
    assert scores['accel_err'] == pytest.approx(
        (8 + 16 + 8 + 15 + 30 + 15) / triples)
    # the same as the functions behind it
    pck = torso_pck(pred, gt, visible)['pck']
    assert scores['PCK@0.1'] == pytest.approx(100 * pck[0.1])
    assert scores['error_px'] == pytest.approx(
        mean_keypoint_error(pred, gt, visible))
    assert scores['accel_err'] == pytest.approx(
        acceleration_error(pred[None], gt[None], visible[None],
                           np.ones((1, 6), bool)))
    # other thresholds are named after their value
    assert set(accuracy_scores(pred, gt, visible, thresholds=(0.5, ))) == {
        'PCK@0.5', 'error_px', 'accel_err'}


def test_group_flips_are_counted_once_per_transition():
    from mmclimb.evaluation.functional import detection_statistics
    rng = np.random.default_rng(0)
    pose = rng.uniform([300, 100], [500, 500], (25, 2))
    # left at smaller x, right at larger x: a flip moves them 60 px, less
    # than a torso (120 px), so it is a flip and not a switch of person
    for left, right in ((1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12),
                        (13, 14), (15, 16), (17, 18), (19, 20), (21, 22),
                        (23, 24)):
        pose[left, 0], pose[right, 0] = 370.0, 430.0
        pose[right, 1] = pose[left, 1]
    pose[[3, 4], 1] = 200.0
    pose[[15, 16], 1] = 320.0
    track = np.repeat(pose[None], 60, axis=0) + rng.normal(0, 0.5,
                                                           (60, 25, 2))
    legs = [17, 18, 19, 20, 21, 22, 23, 24]
    flip = np.arange(25)
    flip[legs] = [18, 17, 20, 19, 22, 21, 24, 23]
    track[20:24] = track[20:24][:, flip]  # the legs flip for 4 frames
    everything = np.arange(25)
    everything[1:] = np.arange(1, 25) + np.where(np.arange(1, 25) % 2, 1, -1)
    track[40:] = track[40:][:, everything]  # the whole body flips for good
    stats = detection_statistics(track, 30.0)
    flips = {k: round(v * 60) for k, v in stats['group_flip_rate'].items()}
    assert flips == dict(arms=0, legs=2, body=1)


def test_parent_correlation_measures_errors_shared_along_the_tree():
    # every keypoint's noise is its parent's plus as much of its own, so
    # each child's residual correlates with its parent's at about 1/sqrt(2)
    # where the parent is a root and higher further down the chain
    from mmclimb.structures import CLIMBALONG_PARENTS
    rng = np.random.default_rng(4)
    own = rng.normal(0, 0.01 * TORSO, (T, K, 2))
    shared = own.copy()
    for k, parent in enumerate(CLIMBALONG_PARENTS):
        if parent >= 0:
            shared[:, k] = shared[:, parent] + own[:, k]
    independent = detection_statistics(noisy(0.01), FPS)['parent_correlation']
    linked = detection_statistics(truth() + shared,
                                  FPS)['parent_correlation']
    roots = [k for k, p in enumerate(CLIMBALONG_PARENTS) if p < 0]
    assert np.isnan(linked[roots]).all() and np.isnan(independent[roots]).all()
    children = [k for k, p in enumerate(CLIMBALONG_PARENTS) if p >= 0]
    assert np.abs(independent[children]).max() < 0.2
    # ears and shoulders' children: a root parent, correlation 1/sqrt(2)
    np.testing.assert_allclose(linked[[1, 2, 5, 6]], 2**-0.5, atol=0.1)
    assert (linked[children] > 0.6).all()


def test_jitter_by_edge_distance_splits_the_triples_by_run_ends():
    from mmclimb.evaluation.functional import jitter_by_edge_distance
    # two runs (frames 0-9 and 11-16), frame 10 missing; one keypoint
    # whose acceleration at frame t is t (|x[t+1] - 2 x[t] + x[t-1]|)
    frames = 17
    present = np.ones((frames, 1), bool)
    present[10] = False
    keypoints = np.zeros((frames, 1, 2))
    accel = np.arange(frames, dtype=np.float64)
    for t in range(2, frames):
        keypoints[t, 0, 0] = (2 * keypoints[t - 1, 0, 0] -
                              keypoints[t - 2, 0, 0] + accel[t - 1])
    scores = jitter_by_edge_distance(keypoints, present, edges=(2, 4))
    # middle frames 1-8 (run 1) and 12-15 (run 2); distance to an end:
    # run 1: 1,2,3,4,4,3,2,1 (frames 1..8); run 2: 1,2,2,1 (frames 12..15)
    # triples touching the missing frame 10 (middles 9, 10, 11) never count
    assert scores['0-2'] == dict(jitter=pytest.approx(np.mean([1, 8, 12,
                                                                 15])),
                                 count=4)
    assert scores['2-4']['count'] == 6
    assert scores['2-4']['jitter'] == pytest.approx(
        np.mean([2, 3, 6, 7, 13, 14]))
    assert scores['4+'] == dict(jitter=pytest.approx(4.5), count=2)
    with pytest.raises(ValueError, match='edges must increase'):
        jitter_by_edge_distance(keypoints, present, edges=(3, 3))


def test_score_statistics_find_the_low_scored_errors():
    """Points scored low carry the big residuals: the bins say so."""
    from mmclimb.evaluation.functional import score_statistics
    rng = np.random.default_rng(3)
    detections = noisy(0.005)
    scores = np.full((T, K), 0.995)
    bad = rng.random((T, K)) < 0.2
    detections[bad] += rng.normal(0, 0.2 * TORSO, (bad.sum(), 2))
    scores[bad] = 0.3
    stats = score_statistics(detections, scores, FPS,
                             groups=[[0], [3, 4, 15, 16]])
    low, high = stats['bins'][0], stats['bins'][-1]
    assert (low['low'], high['high']) == (0.0, 1.0)
    assert low['share'] == pytest.approx(bad.mean(), abs=0.01)
    assert low['residual'] > 5 * high['residual']
    assert low['beyond'] > 0.5 > 0.05 > high['beyond']
    assert stats['score_quantiles'][-1] == pytest.approx(0.995)
    assert stats['group_median'].shape == (2, )
    with pytest.raises(ValueError, match='do not match'):
        score_statistics(detections, scores[:, :3], FPS)
