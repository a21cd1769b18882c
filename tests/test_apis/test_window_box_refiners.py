"""The general refiners (configs/general): one box per window in
``RefinerSettings`` and ``refine_sequence``."""
import numpy as np
import pytest
import torch
from mmengine.config import Config

from conftest import randomize_deciwatch_outputs
from mmclimb.apis import (RefinerInputs, RefinerSettings, init_refiner,
                          refine_sequence, sequence_boxes,
                          sequence_from_keypoints, window_index,
                          window_starts)
from mmclimb.structures import heatmap_to_image, image_to_heatmap, window_boxes

DECIWATCH = 'configs/general/deciwatch_general.py'
CONV3D = 'configs/general/conv3d_general.py'
K = 25
HM = (56, 56)
# a small general DeciWatch: the same code paths at a fraction of the compute
SMALL = {
    'model.head.embed_dims': 32,
    'model.head.ffn_dims': 64,
    'model.head.num_encoder_layers': 1,
    'model.head.num_decoder_layers': 1,
}


def _settings(path):
    return RefinerSettings.from_config(Config.fromfile(path))


def test_settings_of_the_general_configs():
    dw = _settings(DECIWATCH)
    assert dw.input_kind == 'coordinates'
    assert dw.seq_len == Config.fromfile(DECIWATCH).model.head.seq_len
    assert dw.window_box == {'margin': 0.1}
    conv = _settings(CONV3D)
    assert conv.input_kind == 'heatmaps'
    assert conv.seq_len == 5
    assert conv.render_subpixel is True
    assert conv.window_box == {'margin': 0.1}
    # a thesis config normalises by the detector's per-frame boxes
    assert _settings('configs/deciwatch_climb.py').window_box is None


def smooth_trajectory(frames, seed=0, wobble=30.0):
    """(T, K, 2) float32: a person-sized point cloud drifting and swaying,
    each keypoint on its own slow sinusoid."""
    rng = np.random.default_rng(seed)
    base = rng.uniform([400, 300], [600, 700], (K, 2))
    t = np.arange(frames)[:, None, None]
    phase = rng.uniform(0, 2 * np.pi, (K, 2))
    body = 2.0 * t + 15 * np.sin(t / 11)
    return (base + body + wobble * np.sin(t / 7 + phase)).astype(np.float32)


@pytest.fixture(scope='module')
def deciwatch():
    """The untrained general DeciWatch (small)."""
    return init_refiner(DECIWATCH, cfg_options=SMALL)


@pytest.fixture(scope='module')
def random_deciwatch():
    """The general DeciWatch with random output projections: the
    untrained one (zero output projections) returns the interpolation of
    its sampled frames, which no affine box change alters."""
    return randomize_deciwatch_outputs(
        init_refiner(DECIWATCH, cfg_options=SMALL))


@pytest.fixture(scope='module')
def conv3d():
    """The untrained general 3DConv, initialised (the identity)."""
    refiner = init_refiner(CONV3D)
    refiner.head.init_weights()
    return refiner


def test_untrained_deciwatch_output_shape_and_finite(deciwatch):
    keypoints = smooth_trajectory(40)
    refined, scores = refine_sequence(deciwatch, keypoints)
    assert refined.shape == (40, K, 2) and refined.dtype == np.float32
    assert scores.shape == (40, K)
    assert np.isfinite(refined).all()
    # it starts from the interpolation of the sampled frames: near the input
    assert np.abs(refined - keypoints).max() < 5.0


@pytest.mark.parametrize('name', ['deciwatch', 'random_deciwatch'])
def test_one_window_equals_the_hand_computation(name, request,
                                               monkeypatch):
    refiner = request.getfixturevalue(name)
    # one window: no copies of the edge frames around it
    monkeypatch.setattr(refiner.refine_settings, 'edge_padding', 0)
    length = refiner.refine_settings.seq_len
    keypoints = smooth_trajectory(length, seed=3)
    refined, _ = refine_sequence(refiner, keypoints, stride=length)

    box = window_boxes(keypoints[None], margin=0.1)[0]  # one window
    coords = image_to_heatmap(keypoints, box, HM) / 55
    x = torch.from_numpy(coords.reshape(length, -1).astype(np.float32))
    with torch.no_grad():
        y = refiner(x[None], None, mode='tensor')[0].float()
    heatmap = y.reshape(length, K, 2) * 55
    expected = heatmap_to_image(heatmap.double().numpy(),
                                box.astype(np.float64), HM)
    np.testing.assert_allclose(refined, expected, atol=1e-4, rtol=0)
    if name == 'random_deciwatch':
        # the box matters: another one gives another output
        other = box + np.float32([0, 0, 60, 60])
        x = image_to_heatmap(keypoints, other, HM) / 55
        with torch.no_grad():
            y = refiner(
                torch.from_numpy(x.reshape(1, length, -1).astype(np.float32)),
                None, mode='tensor')[0]
        wrong = heatmap_to_image(
            y.double().numpy().reshape(length, K, 2) * 55, other, HM)
        assert np.abs(wrong - refined).max() > 0.1


@pytest.mark.parametrize('name', ['deciwatch', 'random_deciwatch'])
def test_translation_moves_the_output_with_it(name, request):
    refiner = request.getfixturevalue(name)
    keypoints = smooth_trajectory(40, seed=1)
    shift = np.float32([100, -50])
    refined, _ = refine_sequence(refiner, keypoints)
    moved, _ = refine_sequence(refiner, keypoints + shift)
    np.testing.assert_allclose(moved, refined + shift, atol=1e-3, rtol=0)


def _px_per_cell(keypoints, seq_len):
    index = window_index(window_starts(len(keypoints), seq_len, 1), seq_len)
    boxes = window_boxes(keypoints[index.numpy()])
    return float(np.mean(boxes[:, 2] - boxes[:, 0]) / HM[0])


def test_untrained_conv3d_reproduces_its_input_sub_pixel(conv3d):
    # a rigid-ish body: every keypoint stays well inside its window boxes
    keypoints = smooth_trajectory(40, seed=2, wobble=3.0)
    cell = _px_per_cell(keypoints, 5)  # image px per heatmap px (~6)
    refined, scores = refine_sequence(conv3d, keypoints)
    assert np.isfinite(refined).all()
    # a peak's value on the grid: a Gaussian (sigma 1) at most half a cell
    # off in each axis
    assert (scores <= 1.0).all() and (scores >= np.exp(-0.25) - 1e-5).all()
    error = np.linalg.norm(refined - keypoints, axis=-1)
    assert error.mean() < 0.01 * cell
    assert error.max() < 0.05 * cell
    # the old path (integer argmax) is off by up to half a grid cell
    conv3d.head.subpixel_decoding = False
    try:
        integer, _ = refine_sequence(conv3d, keypoints)
    finally:
        conv3d.head.subpixel_decoding = True
    integer_error = np.linalg.norm(integer - keypoints, axis=-1)
    assert integer_error.mean() > 0.1 * cell
    assert integer_error.max() < np.sqrt(2) * 0.5 * cell + 1e-3


def test_stray_point_leaves_the_window_boxes_alone(random_deciwatch):
    settings = random_deciwatch.refine_settings
    # long enough that seq_len whole windows hold the stray frame
    frames = 3 * settings.seq_len
    stray_frame = frames // 2
    keypoints = smooth_trajectory(frames, seed=4)
    stray = keypoints.copy()
    stray[stray_frame, 7] = 20000.0
    index = window_index(window_starts(frames, settings.seq_len, 1),
                         settings.seq_len)

    def boxes(points):
        sequence = sequence_from_keypoints(points)
        inputs = RefinerInputs(settings, sequence, sequence_boxes(sequence))
        return inputs.windows(index)[1][:, 0]  # (N, 4)

    clean, dirty = boxes(keypoints), boxes(stray)
    contains = (index.numpy() == stray_frame).any(axis=1)
    assert contains.sum() == settings.seq_len
    np.testing.assert_array_equal(dirty[~contains], clean[~contains])
    # where it is in the window, the median over frames ignores it: the box
    # moves by no more than boxes move from one window to the next
    side = clean[:, 2] - clean[:, 0]
    change = np.abs(dirty - clean).max(axis=1) / side
    step = np.abs(np.diff(clean, axis=0)).max(axis=1) / side[1:]
    assert change[contains].max() <= 2 * step.max()
    assert change[contains].max() < 0.03
    assert (dirty[contains, 2:] < 5000).all()  # far from the stray point
    # frames no window with the stray frame covers are refined as before
    refined, _ = refine_sequence(random_deciwatch, keypoints)
    strayed, _ = refine_sequence(random_deciwatch, stray)
    assert np.isfinite(strayed).all()
    far = np.abs(np.arange(frames) - stray_frame) >= settings.seq_len
    np.testing.assert_array_equal(strayed[far], refined[far])


@pytest.mark.parametrize('fps', [30.0, 60.0])
@pytest.mark.parametrize('name', ['deciwatch', 'conv3d'])
def test_keypoint_file_with_gaps_refines_without_nan(fps, name, request,
                                                     tmp_path):
    refiner = request.getfixturevalue(name)
    frames = 30 if fps == 30.0 else 60
    xy = smooth_trajectory(frames, seed=5, wobble=5.0)
    scores = np.ones((frames, K, 1), np.float32)
    keypoints = np.concatenate([xy, scores], axis=-1)
    keypoints[10:13] = np.nan  # a gap of three frames
    keypoints[0, 4] = np.nan  # a missing point on the first frame
    keypoints[20, [7, 9, 11]] = np.nan
    keypoints[-1] = np.nan  # the last frame
    path = tmp_path / 'detections.npz'
    np.savez(path, keypoints=keypoints, fps=np.float32(fps))
    with pytest.warns(UserWarning, match='filled by linear interpolation'):
        refined, out_scores = refine_sequence(refiner, str(path))
    assert refined.shape == (frames, K, 2)
    assert np.isfinite(refined).all() and np.isfinite(out_scores).all()
    # present keypoints stay near their input
    present = np.isfinite(keypoints[..., 0])
    assert np.abs(refined - xy)[present].max() < 20


def test_heatmap_refiner_keeps_keypoints_off_the_window_grid(conv3d):
    """A keypoint outside its window's box has an empty input channel:
    refine_sequence keeps its input position instead of decoding noise."""
    keypoints = smooth_trajectory(20, seed=4, wobble=5.0)
    # one wrist outside the window's box for a frame (not so far that the
    # input contract drops it as a stray point: that is 8 person radii)
    keypoints[10, 7] += [450.0, 0.0]
    refined, _ = refine_sequence(conv3d, keypoints)
    np.testing.assert_allclose(refined[10, 7], keypoints[10, 7], atol=1e-3)
    # the other keypoints of that frame are still refined inside the grid
    others = np.delete(np.arange(K), 7)
    assert np.abs(refined[10, others] - keypoints[10, others]).max() < 5.0


def _score_options():
    cfg = Config.fromfile(DECIWATCH)
    return {'model.head.score_input': True,
            'test_dataloader.dataset.pipeline': cfg.score_val_pipeline,
            **SMALL}


def test_a_score_aware_refiner_gets_the_detectors_scores():
    cfg = Config.fromfile(DECIWATCH)
    cfg.test_dataloader.dataset.pipeline = cfg.score_val_pipeline
    settings = RefinerSettings.from_config(cfg)
    assert settings.scores and settings.window_shape(2)[-1] == 3 * K
    assert not _settings(DECIWATCH).scores
    keypoints = smooth_trajectory(30)
    scores = np.random.default_rng(1).uniform(0, 1.2, (30, K))
    sequence = sequence_from_keypoints(keypoints, scores=scores)
    index = window_index(window_starts(30, settings.seq_len, 5),
                         settings.seq_len)
    inputs, _, _ = RefinerInputs(settings, sequence,
                                 sequence_boxes(sequence)).windows(index)
    assert inputs.shape[-1] == 3 * K
    np.testing.assert_allclose(inputs[..., 2 * K:].numpy(),
                               np.clip(scores, 0, 1)[index.numpy()],
                               rtol=1e-6)


def test_refine_sequence_reads_the_scores_of_a_score_aware_refiner():
    refiner = randomize_deciwatch_outputs(
        init_refiner(DECIWATCH, cfg_options=_score_options()))
    with torch.no_grad():
        torch.nn.init.normal_(refiner.head.score_embed.weight)
    keypoints = smooth_trajectory(40)
    trusted = refine_sequence(refiner, np.concatenate(
        [keypoints, np.ones((40, K, 1), np.float32)], -1))[0]
    doubted = refine_sequence(refiner, np.concatenate(
        [keypoints, np.full((40, K, 1), 0.2, np.float32)], -1))[0]
    plain = refine_sequence(refiner, keypoints)[0]  # no scores: ones
    np.testing.assert_allclose(plain, trusted)
    assert np.abs(doubted - trusted).max() > 1e-3
