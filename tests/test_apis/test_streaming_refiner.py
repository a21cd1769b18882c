import warnings

import numpy as np
import pytest
import torch

from conftest import write_video
from mmclimb.apis import (KeypointSequence, MultiPersonStream,
                          StreamingRefiner, init_refiner, load_sequence,
                          refine_sequence)

K = 25
SMALL_DECIWATCH = {
    'model.head.embed_dims': 32,
    'model.head.ffn_dims': 64,
    'model.head.num_encoder_layers': 1,
    'model.head.num_decoder_layers': 1,
}
SMALL_HEATMAPS = {'test_dataloader.dataset.heatmap_size': (16, 16)}
# every kind of refiner init_refiner builds, small where it is slow
REFINERS = {
    'identity': ('configs/identity_climb.py', SMALL_HEATMAPS),
    'conv3d': ('configs/conv3d_climb.py', SMALL_HEATMAPS),
    'model_s': ('configs/biconvlstm_s_climb.py',
                {**SMALL_HEATMAPS, 'model.head.heatmap_size': (16, 16)}),
    'model_c': ('configs/biconvlstm_c_climb.py',
                {**SMALL_HEATMAPS, 'model.head.heatmap_size': (16, 16)}),
    'deciwatch': ('configs/deciwatch_climb.py', SMALL_DECIWATCH),
    'deciwatch_general': ('configs/general/deciwatch_general.py',
                          SMALL_DECIWATCH),
    'conv3d_general': ('configs/general/conv3d_general.py', SMALL_HEATMAPS),
    'one_euro': ('configs/one_euro_climb.py', None),
    'savitzky_golay': ('configs/savitzky_golay_climb.py', None),
    'gaussian': ('configs/gaussian_filter_climb.py', None),
}
_BUILT = {}


def _refiner(name):
    if name not in _BUILT:
        torch.manual_seed(0)
        config, options = REFINERS[name]
        _BUILT[name] = init_refiner(config, cfg_options=options)
    return _BUILT[name]


def _walk(frames, seed=0):
    """Keypoints wandering around a person-sized box, (T, K, 2)."""
    rng = np.random.default_rng(seed)
    start = rng.uniform([300, 200], [500, 800], (K, 2))
    return (start + rng.normal(0, 5, (frames, K, 2)).cumsum(0)).astype(
        np.float32)


def _stream(refiner, keypoints, lag, bboxes=None):
    """Every output with the number of frames pushed when it came back."""
    stream = StreamingRefiner(refiner, lag=lag)
    outputs = {}
    for t, frame in enumerate(keypoints):
        box = None if bboxes is None else bboxes[t]
        for index, kpts, scores in stream.push(frame, bbox=box):
            assert index not in outputs
            outputs[index] = (t + 1, kpts, scores)
    for index, kpts, scores in stream.flush():
        outputs[index] = (len(keypoints), kpts, scores)
    assert sorted(outputs) == list(range(len(keypoints)))
    return outputs


def _stacked(outputs):
    return (np.stack([outputs[t][1] for t in sorted(outputs)]),
            np.stack([outputs[t][2] for t in sorted(outputs)]))


@pytest.mark.parametrize('name', sorted(set(REFINERS) - {'one_euro'}))
@pytest.mark.parametrize('frames', [3, 14])
def test_full_lag_equals_refine_sequence_with_stride_1(name, frames):
    refiner = _refiner(name)
    keypoints = _walk(frames)
    stream = StreamingRefiner(refiner)
    outputs = _stream(refiner, keypoints, stream.max_lag)
    refined, scores = _stacked(outputs)
    # one window per call, as the stream: a heatmap's argmax does not flip
    # on a batched convolution's rounding
    offline, offline_scores = refine_sequence(
        refiner, keypoints, stride=1, batch_size=1)
    np.testing.assert_allclose(refined, offline, rtol=1e-5, atol=0)
    np.testing.assert_allclose(scores, offline_scores, rtol=1e-5, atol=1e-7)


def test_full_lag_weighs_window_positions_as_offline():
    # 30 frames: every frame in several 21-frame windows, so the general
    # DeciWatch's centre weighting matters (a plain mean differs)
    refiner = _refiner('deciwatch_general')
    assert refiner.refine_settings.window_weighting == 'centre'
    keypoints = _walk(30)
    stream = StreamingRefiner(refiner)
    refined, _ = _stacked(_stream(refiner, keypoints, stream.max_lag))
    offline, _ = refine_sequence(refiner, keypoints, stride=1, batch_size=1)
    np.testing.assert_allclose(refined, offline, rtol=1e-5, atol=0)
    refiner.refine_settings.window_weighting = 'uniform'
    try:
        plain, _ = refine_sequence(refiner, keypoints, stride=1)
    finally:
        refiner.refine_settings.window_weighting = 'centre'
    assert np.abs(plain - offline).max() > 1e-3


def test_one_euro_equals_refine_sequence_with_steady_boxes():
    refiner = _refiner('one_euro')
    keypoints = _walk(30)
    bboxes = np.tile(np.float32([250, 150, 550, 850]), (30, 1))
    outputs = _stream(refiner, keypoints, 0, bboxes)
    sequence = KeypointSequence(keypoints, np.ones((30, K), np.float32),
                                np.zeros((30, K), bool), bboxes=bboxes)
    offline, _ = refine_sequence(refiner, sequence)
    np.testing.assert_allclose(_stacked(outputs)[0], offline, rtol=1e-5)


def _with_gaps(keypoints):
    """Missing points, a missing frame and a missing start."""
    keypoints = keypoints.copy()
    keypoints[:2] = np.nan
    keypoints[5, :3] = np.nan
    keypoints[7] = np.nan
    return keypoints


@pytest.mark.parametrize('name', sorted(REFINERS))
def test_no_output_depends_on_a_frame_later_than_its_lag(name):
    refiner = _refiner(name)
    keypoints = _with_gaps(_walk(12))
    max_lag = StreamingRefiner(refiner).max_lag
    for lag in sorted({0, min(2, max_lag), max_lag}):
        first = _stream(refiner, keypoints, lag)
        for change in (4, 8):
            changed = keypoints.copy()
            changed[change:] += np.random.default_rng(change).normal(
                0, 20, changed[change:].shape).astype(np.float32)
            changed[change + 1, 4:9] = np.nan
            second = _stream(refiner, changed, lag)
            for t, (pushed, kpts, scores) in first.items():
                # returned before the change arrived, or t + lag earlier
                if pushed <= change or t + lag < change:
                    np.testing.assert_array_equal(second[t][1], kpts)
                    np.testing.assert_array_equal(second[t][2], scores)
            assert not np.array_equal(second[11][1], first[11][1])


@pytest.mark.parametrize('name', ['deciwatch', 'gaussian', 'identity'])
def test_frames_come_back_in_order_lag_frames_late(name):
    stream = StreamingRefiner(_refiner(name), lag=2, fps=30)
    assert stream.latency_ms == pytest.approx(1000 * 2 / 30)
    keypoints = _walk(9)
    returned = [stream.push(frame) for frame in keypoints]
    assert returned[:2] == [[], []]
    assert [[t for t, *_ in out] for out in returned[2:]] == \
        [[t] for t in range(7)]
    assert [t for t, *_ in stream.flush()] == [7, 8]
    with pytest.raises(RuntimeError, match='flushed'):
        stream.push(keypoints[0])


@pytest.mark.parametrize('name', ['deciwatch', 'conv3d', 'savitzky_golay'])
def test_gaps_are_filled_and_frames_before_any_detection_are_absent(name):
    keypoints = _walk(12)
    keypoints[:3] = np.nan
    keypoints[6, 2] = np.nan
    outputs = _stream(_refiner(name), keypoints, 0)
    refined, scores = _stacked(outputs)
    assert np.isnan(refined[:3]).all() and (scores[:3] == 0).all()
    assert np.isfinite(refined[3:]).all()
    if _refiner(name).refine_settings.input_kind == 'coordinates':
        assert scores[6, 2] == 0 and scores[6, 3] == 1


def test_a_lagged_gap_is_interpolated_and_a_causal_one_held():
    refiner = _refiner('identity')
    keypoints = np.repeat(_walk(1), 10, axis=0)
    keypoints[:, 0] = np.arange(10)[:, None] * [4.0, 0.0] + [400, 500]
    keypoints[4, 0] = np.nan
    stream = StreamingRefiner(refiner)
    for frame in keypoints[:5]:
        stream.push(frame)
    held = stream._frames.sequence(4).keypoints[0, 0]
    stream.push(keypoints[5])
    between = stream._frames.sequence(4).keypoints[0, 0]
    np.testing.assert_allclose(held, [412, 500])
    np.testing.assert_allclose(between, [416, 500])


def test_a_gap_longer_than_the_kept_frames_is_filled_from_before_it():
    stream = StreamingRefiner(_refiner('deciwatch'))  # keeps 5 frames
    keypoints = np.repeat(_walk(1), 12, axis=0)
    keypoints[:, 0] = np.arange(12)[:, None] * [3.0, 1.0] + [400, 500]
    keypoints[3:11, 0] = np.nan
    for frame in keypoints[:11]:
        stream.push(frame)
    np.testing.assert_allclose(
        stream._frames.sequence(6).keypoints[:, 0], [[406, 502]] * 5)
    stream.push(keypoints[11])
    np.testing.assert_allclose(
        stream._frames.sequence(7).keypoints[:, 0],
        np.arange(7, 12)[:, None] * [3.0, 1.0] + [400, 500], rtol=1e-6)


def test_climbalong_heatmap_input_streams_like_refine_sequence(tmp_path):
    rng = np.random.default_rng(3)
    heatmaps = rng.normal(-3, 1, (9, K, 56, 56))
    peaks = rng.integers(0, 56, (9, K, 2))
    for t, k in np.ndindex(9, K):  # a positive peak: no missing point
        heatmaps[t, k, peaks[t, k, 1], peaks[t, k, 0]] = 4
    write_video(tmp_path, 'v', 9, heatmaps=heatmaps.astype(np.float16))
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        sequence = load_sequence(str(tmp_path / 'input' / 'v.npz'))
    for name in ('identity', 'deciwatch'):
        refiner = init_refiner(REFINERS[name][0],
                               cfg_options=REFINERS[name][1]
                               if name == 'deciwatch' else None)
        stream = StreamingRefiner(refiner, lag=4)
        out = []
        for t in range(sequence.num_frames):
            out += stream.push(sequence.raw_keypoints[t], sequence.scores[t],
                               bbox=sequence.bboxes[t],
                               heatmaps=sequence.heatmaps[t])
        out += stream.flush()
        offline, scores = refine_sequence(
            refiner, sequence, stride=1, batch_size=1)
        np.testing.assert_allclose(np.stack([o[1] for o in out]), offline,
                                   rtol=1e-5)
        np.testing.assert_allclose(np.stack([o[2] for o in out]), scores,
                                   rtol=1e-5, atol=1e-7)


def test_bad_input_and_lag_are_refused_with_a_message():
    refiner = _refiner('deciwatch')
    with pytest.raises(ValueError, match=r'lag 5 .* lags 0\.\.4'):
        StreamingRefiner(refiner, lag=5)
    with pytest.raises(ValueError, match='lag must be'):
        StreamingRefiner(refiner, lag=-1)
    with pytest.raises(ValueError, match='lags 0..0'):
        StreamingRefiner(_refiner('one_euro'), lag=1)
    stream = StreamingRefiner(refiner)
    with pytest.raises(ValueError, match=r'frame 0: keypoints: expected'):
        stream.push(np.zeros((17, 2)))
    with pytest.raises(ValueError, match=r'frame 0: scores: expected'):
        stream.push(np.zeros((K, 2)), np.ones(3))
    stream.push(np.zeros((K, 2)))
    with pytest.raises(ValueError, match='frame 1: give a bbox'):
        stream.push(np.zeros((K, 2)), bbox=[0, 0, 1, 1])


def test_one_streaming_refiner_per_track_in_a_multi_person_stream():
    refiner = _refiner('deciwatch')
    people = [_walk(10, seed=1), _walk(10, seed=2) + 600]
    multi = MultiPersonStream(lambda: StreamingRefiner(refiner, lag=2))
    got = {0: {}, 1: {}}
    for t in range(10):
        frame = [dict(keypoints=p[t].tolist(), keypoint_scores=[1.0] * K,
                      track_id=i) for i, p in enumerate(people)]
        for index, track, kpts, _ in multi.push(frame):
            got[track][index] = kpts
    for index, track, kpts, _ in multi.flush():
        got[track][index] = kpts
    for track, person in enumerate(people):
        alone = _stacked(_stream(refiner, person, 2))[0]
        np.testing.assert_allclose(
            np.stack([got[track][t] for t in range(10)]), alone, rtol=1e-6)


@pytest.mark.parametrize('name', ['deciwatch_general', 'gaussian',
                                  'savitzky_golay', 'conv3d_general'])
def test_a_change_of_person_streams_like_refine_sequence(name):
    from walking_people import switching_person
    refiner = _refiner(name)
    keypoints = switching_person(30, switch=15, gap=1).astype(np.float32)
    lag = StreamingRefiner(refiner).max_lag
    outputs = _stream(refiner, keypoints, lag)
    offline, _ = refine_sequence(refiner, keypoints, stride=1, batch_size=1)
    np.testing.assert_allclose(_stacked(outputs)[0], offline, rtol=1e-5,
                               atol=1e-3)
    # the switch at frame 16 finalises person A's frames at once
    assert all(outputs[t][0] == 17 for t in range(max(0, 16 - lag), 16))


@pytest.mark.parametrize('name', ['deciwatch_general', 'gaussian'])
def test_the_input_contract_holds_in_a_stream(name):
    refiner = _refiner(name)
    keypoints = _walk(20)
    as_nan = keypoints.copy()
    implausible = keypoints.copy()
    implausible[5, 3] = 0.0  # the COCO placeholder
    implausible[9, 7] = (20000.0, 20000.0)  # a stray point
    as_nan[5, 3] = as_nan[9, 7] = np.nan
    lag = min(4, StreamingRefiner(refiner).max_lag)
    with pytest.warns(UserWarning,
                      match=r'<stream>: 2 keypoint positions treated as '
                      r'missing \(1 \(0, 0\) placeholders, 1 far'):
        stream = StreamingRefiner(refiner, lag=lag)
        got = [o for f in implausible for o in stream.push(f)]
        got += stream.flush()
    assert stream.rejected == dict(placeholder=1, sentinel=0, far=1)
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # NaN input: nothing to report
        want = _stacked(_stream(refiner, as_nan, lag))
    np.testing.assert_array_equal(np.stack([o[1] for o in got]), want[0])
    assert got[5][2][3] == 0 and got[9][2][7] == 0


def test_integer_sentinels_are_missing_in_a_stream():
    refiner = _refiner('gaussian')
    keypoints = np.rint(_walk(12)).astype(np.int32)
    keypoints[4, 2] = -1
    stream = StreamingRefiner(refiner, lag=2)
    with pytest.warns(UserWarning, match='1 integer sentinels'):
        outputs = [o for f in keypoints for o in stream.push(f)]
        outputs += stream.flush()
    assert outputs[4][2][2] == 0
    assert np.abs(outputs[4][1][2] - keypoints[4, 2]).max() > 100


def test_windows_that_saw_more_of_the_future_weigh_more():
    from mmengine.config import Config
    from mmpose.models.heads.base_head import BaseHead
    from mmpose.registry import MODELS
    from mmclimb.apis import stream_sequence

    @MODELS.register_module(name='StreamPositionTestHead', force=True)
    class StreamPositionTestHead(BaseHead):
        """Adds 0.01 * (position in the window) to every coordinate."""

        def forward(self, feats):
            position = torch.arange(feats.shape[1], dtype=feats.dtype)
            return feats + 0.01 * position[None, :, None]

        def predict(self, feats, batch_data_samples, test_cfg={}):
            raise NotImplementedError

        def loss(self, feats, batch_data_samples, train_cfg={}):
            raise NotImplementedError

    cfg = Config.fromfile('configs/deciwatch_climb.py')  # W = 5
    cfg.model.head = dict(type='StreamPositionTestHead')
    refiner = init_refiner(cfg)
    keypoints = _walk(20)
    offsets = {}
    for weighting in ('future', 'uniform'):
        out, _ = stream_sequence(refiner, keypoints, lag=2,
                                 window_weighting=weighting)
        offsets[weighting] = (out - keypoints)[4:18]  # whole windows only
    # frame t sits at positions 4, 3, 2 of the windows ending at t, t+1,
    # t+2: weights 1, 4, 9 against a plain mean of 3
    np.testing.assert_allclose(offsets['future'],
                               offsets['uniform'] * (34 / 14) / 3,
                               rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="weighting must be one of"):
        StreamingRefiner(refiner, lag=2, window_weighting='median')
