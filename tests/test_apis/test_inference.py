import warnings

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmpose.models.heads.base_head import BaseHead
from mmpose.registry import MODELS
from scipy.ndimage import gaussian_filter1d

from conftest import write_video
from mmclimb.apis import (KeypointSequence, SequenceInputError, init_refiner,
                          keypoint_boxes, load_sequence, refine_sequence,
                          window_index, window_starts)

K = 25
STEP = 0.01
# a small DeciWatch (same code paths, a fraction of the compute)
SMALL_DECIWATCH = {
    'model.head.embed_dims': 32,
    'model.head.ffn_dims': 64,
    'model.head.num_encoder_layers': 1,
    'model.head.num_decoder_layers': 1,
}  # WindowPositionTestHead's offset per window position


@MODELS.register_module(name='WindowPositionTestHead', force=True)
class WindowPositionTestHead(BaseHead):
    """Adds STEP * (position in the window) to every coordinate: the mean
    over the windows covering a frame is known."""

    def forward(self, feats):
        position = torch.arange(feats.shape[1], dtype=feats.dtype)
        return feats + STEP * position[None, :, None]

    def predict(self, feats, batch_data_samples, test_cfg={}):
        raise NotImplementedError

    def loss(self, feats, batch_data_samples, train_cfg={}):
        raise NotImplementedError


def _position_refiner(window_weighting='uniform'):
    cfg = Config.fromfile('configs/deciwatch_climb.py')
    cfg.model.head = dict(type='WindowPositionTestHead')
    cfg.inference_window_weighting = window_weighting
    return init_refiner(cfg)


def _walk(frames, seed=0):
    """Keypoints wandering around a person-sized box, (T, K, 2)."""
    rng = np.random.default_rng(seed)
    start = rng.uniform([300, 200], [500, 800], (K, 2))
    return (start + rng.normal(0, 5, (frames, K, 2)).cumsum(0)).astype(
        np.float32)


@pytest.mark.parametrize('frames,stride,weighting',
                         [(1, 1, 'uniform'), (4, 1, 'uniform'),
                          (5, 1, 'uniform'), (6, 1, 'uniform'),
                          (12, 1, 'uniform'), (12, 3, 'uniform'),
                          (23, 4, 'uniform'), (12, 1, 'centre'),
                          (23, 4, 'centre')])
def test_overlapping_windows_are_averaged_per_frame(frames, stride,
                                                    weighting):
    keypoints = _walk(frames)
    refined, scores = refine_sequence(_position_refiner(weighting),
                                      keypoints, stride=stride, batch_size=2)
    # reference: a loop over the windows of the padded sequence, each
    # position weighted sin^2(pi (i + 1) / 6) under 'centre'
    padded = max(frames, 5)
    offsets = [[] for _ in range(padded)]
    for window in window_index(window_starts(padded, 5, stride), 5).tolist():
        for position, frame in enumerate(window):
            offsets[frame].append(position)
    weight = {
        'uniform': lambda i: 1.0,
        'centre': lambda i: np.sin(np.pi * (i + 1) / 6)**2
    }[weighting]
    mean = np.array([
        np.average(o, weights=[weight(i) for i in o]) for o in offsets
    ])[:frames]
    boxes = keypoint_boxes(keypoints)
    pixel = (boxes[:, 2:] - boxes[:, :2]) / 56  # image px per heatmap px
    expected = keypoints + (STEP * 55 * mean)[:, None, None] * pixel[:, None]
    np.testing.assert_allclose(refined, expected, rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(scores, 1.0)  # the input's scores


def test_batches_do_not_change_the_result():
    refiner = init_refiner('configs/deciwatch_climb.py',
                           cfg_options=SMALL_DECIWATCH)
    torch.manual_seed(0)
    refiner.head.recover_out.weight.data.normal_(0, 0.1)  # not the identity
    keypoints = _walk(23)
    results = [refine_sequence(refiner, keypoints, batch_size=b)[0]
               for b in (3, None)]
    assert np.abs(results[0] - keypoints).max() > 1  # it does something
    np.testing.assert_allclose(results[0], results[1], atol=2e-3)


@pytest.mark.parametrize('frames', [1, 4, 5, 6, 23])
def test_untrained_deciwatch_keeps_constant_velocity_any_length(frames):
    # zero-initialised outputs: the interpolation of frames 0 and 4 of each
    # window, exact on a constant-velocity trajectory
    refiner = init_refiner('configs/deciwatch_climb.py',
                           cfg_options=SMALL_DECIWATCH)
    start = _walk(1)[0]
    keypoints = start + np.arange(frames)[:, None, None] * np.float32(
        [3.0, -2.0])
    refined, _ = refine_sequence(refiner, keypoints)
    assert refined.shape == (frames, K, 2)
    np.testing.assert_allclose(refined, keypoints, atol=2e-3)


def test_filters_run_on_the_whole_trajectory():
    keypoints = _walk(60)
    refiner = init_refiner('configs/gaussian_filter_climb.py')
    refined, _ = refine_sequence(refiner, keypoints)
    sigma = refiner.head.sigma
    np.testing.assert_allclose(
        refined, gaussian_filter1d(keypoints.astype(np.float64), sigma,
                                   axis=0, mode='nearest'), atol=1e-3)


@pytest.mark.parametrize('config', ['one_euro_climb', 'savitzky_golay_climb'])
def test_other_filters_need_no_checkpoint_and_smooth(config):
    keypoints = _walk(50)
    noisy = keypoints + np.random.default_rng(1).normal(
        0, 4, keypoints.shape).astype(np.float32)
    refined, scores = refine_sequence(init_refiner(f'configs/{config}.py'),
                                      noisy)
    accel = lambda k: np.abs(np.diff(k, n=2, axis=0)).mean()  # noqa: E731
    assert accel(refined) < 0.6 * accel(noisy)
    np.testing.assert_allclose(scores, 1.0)


def test_identity_on_climbalong_input_gives_the_detector_argmax(tmp_path):
    heatmaps = np.random.default_rng(0).normal(0, 1, (8, K, 56, 56))
    write_video(tmp_path, 'v', 8, heatmaps=heatmaps.astype(np.float16))
    sequence = load_sequence(tmp_path / 'input' / 'v.npz')
    refined, scores = refine_sequence(
        init_refiner('configs/identity_climb.py'), sequence)
    np.testing.assert_allclose(refined, sequence.keypoints, rtol=1e-6)
    assert scores.shape == (8, K) and (scores > 0).all()


def test_heatmap_refiner_on_keypoints_renders_heatmaps():
    keypoints = _walk(7)
    refined, scores = refine_sequence(
        init_refiner('configs/identity_climb.py'), keypoints)
    boxes = keypoint_boxes(keypoints)
    half_pixel = 0.5 * (boxes[:, 2:] - boxes[:, :2]) / 56
    assert (np.abs(refined - keypoints) <= half_pixel[:, None] + 1e-3).all()
    assert (scores > 0).all()


def test_missing_frames_do_not_crash():
    keypoints = _walk(15)
    keypoints[[0, 7, 8, 14]] = np.nan
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        refined, scores = refine_sequence(
            init_refiner('configs/deciwatch_climb.py',
                         cfg_options=SMALL_DECIWATCH), keypoints)
    assert any('4 whole frames' in str(w.message) for w in caught)
    assert np.isfinite(refined).all()
    assert (scores[[0, 7, 8, 14]] == 0).all() and (scores[1] == 1).all()


def test_wrong_keypoint_count_and_batch_size():
    refiner = init_refiner('configs/savitzky_golay_climb.py')
    with pytest.raises(SequenceInputError, match='expected 25 keypoints'):
        refine_sequence(refiner, np.zeros((6, 17, 2)))
    seq = KeypointSequence(np.zeros((6, 17, 2), np.float32),
                           np.ones((6, 17), np.float32),
                           np.zeros((6, 17), bool), source='mine')
    with pytest.raises(ValueError, match='mine: field "keypoints"'):
        refine_sequence(refiner, seq)
    with pytest.raises(ValueError, match='batch_size must be >= 1'):
        refine_sequence(init_refiner('configs/identity_climb.py'), _walk(6),
                        batch_size=0)


def test_init_refiner_loads_a_checkpoint(tmp_path):
    refiner = init_refiner('configs/deciwatch_climb.py')
    torch.nn.init.normal_(refiner.head.recover_out.weight)
    checkpoint = tmp_path / 'w.pth'
    torch.save(dict(state_dict=refiner.state_dict(), meta=dict(epoch=1)),
               checkpoint)
    loaded = init_refiner('configs/deciwatch_climb.py', str(checkpoint))
    torch.testing.assert_close(loaded.head.recover_out.weight,
                               refiner.head.recover_out.weight)
    assert not loaded.training and loaded.cfg.model.head.type == \
        'DeciWatchHead'


def test_deciwatch_slides_by_its_official_step_by_default():
    refiner = init_refiner('configs/deciwatch_climb.py',
                           cfg_options=SMALL_DECIWATCH)
    assert refiner.head.inference_stride == 4  # n * Q = L - 1
    sequence = _walk(23)
    default, _ = refine_sequence(refiner, sequence)
    official, _ = refine_sequence(refiner, sequence, stride=4)
    every_frame, _ = refine_sequence(refiner, sequence, stride=1)
    np.testing.assert_array_equal(default, official)
    assert not np.allclose(default, every_frame)
    # heads without an own step slide frame by frame
    assert not hasattr(_position_refiner().head, 'inference_stride')


@pytest.mark.parametrize('frames', [3, 23])
def test_smoothnet_slides_frame_by_frame_and_averages(frames):
    refiner = init_refiner('configs/smoothnet_climb.py',
                           cfg_options={'model.head.hidden_dims': 32,
                                        'model.head.res_hidden_dims': 16})
    assert not hasattr(refiner.head, 'inference_stride')
    sequence = _walk(frames)
    default, scores = refine_sequence(refiner, sequence)
    every_frame, _ = refine_sequence(refiner, sequence, stride=1)
    assert default.shape == (frames, K, 2) and np.isfinite(default).all()
    np.testing.assert_array_equal(default, every_frame)
    if frames > 5:  # windows that do not overlap give other outputs
        disjoint, _ = refine_sequence(refiner, sequence, stride=5)
        assert not np.allclose(default, disjoint)


def test_refine_under_bf16_autocast_returns_float32():
    # a T x 1 x 1 kernel: bf16 is emulated, slowly, on a CPU without bf16
    # units
    refiner = init_refiner('configs/conv3d_climb.py',
                           cfg_options={'model.head.kernel_size': 1})
    with torch.autocast('cpu', dtype=torch.bfloat16):
        keypoints, scores = refine_sequence(refiner, _walk(7), batch_size=2)
    assert keypoints.dtype == np.float32 and scores.dtype == np.float32
    assert keypoints.shape == (7, K, 2) and np.isfinite(keypoints).all()


def test_untrained_warning_only_for_models_with_parameters():
    from mmclimb.apis import UntrainedRefinerWarning
    with pytest.warns(UntrainedRefinerWarning,
                      match=r'conv3d_climb\.py: no checkpoint given: the '
                      r'refiner\'s 78,150 parameters .* UNTRAINED'):
        init_refiner('configs/conv3d_climb.py')
    for config in ('configs/identity_climb.py', 'configs/one_euro_climb.py'):
        with warnings.catch_warnings():
            warnings.simplefilter('error', UntrainedRefinerWarning)
            init_refiner(config)


def test_init_refiner_refuses_another_refiners_checkpoint(tmp_path):
    from mmclimb.utils import CheckpointMismatchError
    conv3d = init_refiner('configs/conv3d_climb.py')
    torch.save(dict(state_dict=conv3d.state_dict()), tmp_path / 'c.pth')
    with pytest.raises(CheckpointMismatchError,
                       match=r'c\.pth: the checkpoint does not fit.*'
                       r'not in the model \(head\.conv\.weight'):
        init_refiner('configs/deciwatch_climb.py', str(tmp_path / 'c.pth'),
                     cfg_options=SMALL_DECIWATCH)
    refiner = init_refiner('configs/deciwatch_climb.py',
                           str(tmp_path / 'c.pth'),
                           cfg_options=SMALL_DECIWATCH, partial_load=True)
    assert not refiner.training
    with pytest.raises(ValueError, match="device 'garbage' is not a device"):
        init_refiner('configs/identity_climb.py', device='garbage')


@pytest.mark.parametrize('config,options', [
    ('configs/general/deciwatch_general.py', SMALL_DECIWATCH),
    ('configs/gaussian_filter_climb.py', None),
])
def test_a_change_of_person_is_refined_as_two_sequences(config, options):
    from walking_people import switching_person
    torch.manual_seed(0)
    refiner = init_refiner(config, cfg_options=options)
    keypoints = switching_person(40, switch=20, gap=1).astype(np.float32)
    refined, _ = refine_sequence(refiner, keypoints, batch_size=1)
    # person A with the gap frame after them, then person B
    first, _ = refine_sequence(refiner, keypoints[:21], batch_size=1)
    second, _ = refine_sequence(refiner, keypoints[21:], batch_size=1)
    np.testing.assert_allclose(refined, np.concatenate([first, second]),
                               rtol=1e-5, atol=1e-3)
    # what person B does never reaches person A's frames
    moved = keypoints.copy()
    moved[21:] += 30.0
    np.testing.assert_array_equal(
        refine_sequence(refiner, moved, batch_size=1)[0][:21], refined[:21])
    blended, _ = refine_sequence(refiner, keypoints, batch_size=1,
                                 split_persons=False)
    assert np.abs(blended[:21] - refined[:21]).max() > 1.0
