"""The keypoint input contract of ``refine_sequence``: implausible points are
missing (one warning with counts), outputs are finite, heatmaps of another
grid are refused with the dataset reader's check."""
import warnings

import numpy as np
import pytest

from conftest import randomize_deciwatch_outputs, write_video
from mmclimb.apis import (KeypointSequence, SequenceInputError, init_refiner,
                          load_sequence, refine_sequence,
                          sequence_from_keypoints)
from mmclimb.datasets import ClimbAlongFormatError, ClimbAlongVideo

K = 25
SMALL = {
    'model.head.embed_dims': 32,
    'model.head.ffn_dims': 64,
    'model.head.num_encoder_layers': 1,
    'model.head.num_decoder_layers': 1,
}


@pytest.fixture(scope='module', params=[
    'identity', 'deciwatch_climb', 'one_euro', 'deciwatch_general',
    'conv3d_general'
])
def refiner(request):
    """One refiner of every input path: per-frame boxes (heatmaps,
    coordinates), a filter, one box per window (coordinates, heatmaps)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        if request.param == 'identity':
            return init_refiner('configs/identity_climb.py')
        if request.param == 'one_euro':
            return init_refiner('configs/one_euro_climb.py')
        if request.param == 'conv3d_general':
            return init_refiner('configs/general/conv3d_general.py')
        config = ('configs/deciwatch_climb.py' if request.param ==
                  'deciwatch_climb' else 'configs/general/deciwatch_general.py')
        return randomize_deciwatch_outputs(
            init_refiner(config, cfg_options=SMALL))


def _person(frames=20, seed=0):
    rng = np.random.default_rng(seed)
    base = rng.uniform([500, 300], [700, 700], (K, 2))
    return (base + rng.normal(0, 2, (frames, K, 2))).astype(np.float32)


def _refine(refiner, keypoints):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        out, scores = refine_sequence(refiner, keypoints)
    messages = [str(w.message) for w in caught
                if 'missing keypoint positions' in str(w.message)]
    return out, scores, messages


def test_a_stray_point_moves_no_other_keypoint(refiner):
    clean = _person()
    reference, _, _ = _refine(refiner, clean)
    stray = clean.copy()
    stray[7, 3] = 20000
    out, scores, messages = _refine(refiner, stray)
    moved = np.linalg.norm(out - reference, axis=-1)
    others = np.ones(moved.shape, bool)
    others[:, 3] = False
    assert moved[others].max() < 2.0
    # the stray point itself is filled from its neighbours in time
    assert moved[:, 3].max() < 20.0
    assert len(messages) == 1
    assert '1 missing keypoint positions' in messages[0]
    assert '1 far from the rest of their frame' in messages[0]


def test_placeholders_integer_sentinels_and_nan_scores(refiner):
    clean = _person()
    reference, _, _ = _refine(refiner, clean)
    scored = np.concatenate([clean, np.ones((len(clean), K, 1))], axis=-1)
    scored[:, 5, 2] = np.nan  # NaN scores: score 0, position kept
    scored[4:6, [1, 2], :2] = 0  # COCO placeholders
    as_int = np.round(np.nan_to_num(scored, nan=1)).astype(np.int32)
    as_int[8, 6, :2] = -1
    as_int[9, 7, 0] = np.iinfo(np.int32).min
    for keypoints in (scored, as_int):
        out, scores, messages = _refine(refiner, keypoints)
        assert np.isfinite(out).all() and np.isfinite(scores).all()
        # the refiner's output on the clean input, up to the filled points
        assert np.abs(out - reference).max() < 20.0
        assert len(messages) == 1
    assert '4 (0, 0) placeholders' in messages[0]
    assert '2 integer sentinels' in messages[0]
    sequence = sequence_from_keypoints(scored)
    assert not sequence.missing[:, 5].any()
    assert (sequence.scores[:, 5] == 0).all()
    assert sequence.missing[4:6, [1, 2]].all()


def test_every_point_implausible_is_one_clear_error():
    keypoints = np.zeros((4, K, 2))
    with pytest.raises(SequenceInputError,
                       match=r'<array>: field "keypoints": no keypoint'):
        sequence_from_keypoints(keypoints)


@pytest.mark.parametrize('size', [64, 28])
def test_heatmaps_of_another_grid_are_refused_as_the_dataset_does(
        tmp_path, size):
    write_video(tmp_path, 'v', 6, size=size)
    path = tmp_path / 'input' / 'v.npz'
    with pytest.raises(ClimbAlongFormatError) as dataset_error:
        ClimbAlongVideo('v', str(path), str(tmp_path / 'target' / 'v.npz'))
    identity = init_refiner('configs/identity_climb.py')
    with pytest.raises(SequenceInputError) as refine_error:
        refine_sequence(identity, str(path))
    assert str(refine_error.value).startswith(str(dataset_error.value))
    assert f'got (6, 25, {size}, {size})' in str(refine_error.value)
    # a loaded sequence is checked too
    sequence = load_sequence(str(path))
    assert isinstance(sequence, KeypointSequence)
    with pytest.raises(SequenceInputError, match='the refiner\'s grid'):
        refine_sequence(identity, sequence)
