"""refine_tracks: every person refined on their own, in shared batches."""
import json
import warnings

import numpy as np
import pytest

from mmclimb.apis import init_refiner, load_tracks, refine_sequence, \
    refine_tracks
from walking_people import predictions, walking_people

# a small DeciWatch with random (not zero) output layers: its output
# depends on every frame of a window, so mixing people would show
SMALL_DECIWATCH = {
    'model.head.embed_dims': 32,
    'model.head.ffn_dims': 64,
    'model.head.num_encoder_layers': 1,
    'model.head.num_decoder_layers': 1,
    'model.head.zero_init_outputs': False,
}


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return function(*args, **kwargs)


def _write(tmp_path, document):
    path = tmp_path / 'people.json'
    path.write_text(json.dumps(document))
    return path


@pytest.fixture(scope='module')
def deciwatch():
    return init_refiner('configs/deciwatch_climb.py',
                        cfg_options=SMALL_DECIWATCH)


@pytest.mark.parametrize('config', [
    'configs/savitzky_golay_climb.py', 'configs/conv3d_climb.py',
    'configs/general/deciwatch_general.py'
])
def test_one_person_gives_the_single_person_result(tmp_path, config):
    people = walking_people(16, [((300, 400), (340, 380))], jitter=4)
    document = predictions(people)
    document[6]['instances'] = []  # a frame without the person
    for instance in document[9]['instances']:
        instance['keypoints'][3] = [None, None]  # a missing keypoint
    path = _write(tmp_path, document)
    refiner = init_refiner(config)
    single, single_scores = _quiet(refine_sequence, refiner, path)
    tracks = _quiet(refine_tracks, refiner, path)
    assert tracks.num_tracks == 1
    kept = np.arange(16) != 6
    np.testing.assert_allclose(tracks.keypoints[kept, 0], single[kept],
                               atol=1e-3)
    np.testing.assert_allclose(tracks.scores[kept, 0], single_scores[kept],
                               atol=1e-5)
    assert np.isnan(tracks.keypoints[6]).all()  # absent stays absent
    assert (tracks.scores[6] == 0).all()


def test_crossing_people_are_refined_apart_in_one_batch(tmp_path, deciwatch):
    # two people crossing, a third entering for 3 frames (< a window)
    people = walking_people(24, [((100, 300), (500, 300)),
                                 ((500, 340), (100, 340)),
                                 ((300, 700), (310, 700))],
                            spans=[(0, 24), (0, 24), (10, 13)], jitter=3)
    raw = load_tracks(_write(tmp_path, predictions(people, shuffle_seed=2)))
    calls = []
    hook = deciwatch.register_forward_pre_hook(
        lambda module, args: calls.append(args[0].shape[0]))
    try:
        tracks = _quiet(refine_tracks, deciwatch, raw)
    finally:
        hook.remove()
    assert len(calls) == 1  # the windows of all three tracks, one batch
    assert tracks.num_tracks == 3
    for person, (first, stop) in enumerate([(0, 24), (0, 24), (10, 13)]):
        alone, _ = refine_sequence(deciwatch, people[first:stop, person])
        # the tracker's column of this person (all are in frame 11)
        column = np.argmin(np.abs(raw.keypoints[11] - people[11, person])
                           .mean(axis=(1, 2)))
        np.testing.assert_array_equal(raw.keypoints[:, column],
                                      people[:, person].astype(np.float32))
        refined = tracks.keypoints[:, column]
        np.testing.assert_allclose(refined[first:stop], alone, atol=1e-3)
        assert np.isnan(refined[:first]).all()
        assert np.isnan(refined[stop:]).all()


def test_long_absence_splits_a_track_into_segments(tmp_path, deciwatch):
    people = walking_people(40, [((100, 300), (200, 300))], jitter=3)
    document = predictions(people, track_ids=['a'])
    for frame in [*range(8, 10), *range(20, 30)]:
        document[frame]['instances'] = []
    tracks = _quiet(load_tracks, _write(tmp_path, document))
    assert tracks.segments(max_gap=5) == [(0, 0, 20), (0, 30, 40)]
    out = _quiet(refine_tracks, deciwatch, tracks, max_gap=5)
    assert out.track_ids == ['a']
    assert np.isnan(out.keypoints[[8, 9, *range(20, 30)], 0]).all()
    np.testing.assert_allclose(
        out.keypoints[30:, 0],
        refine_sequence(deciwatch, people[30:, 0])[0],
        atol=1e-3)
    gap = people[:20, 0].copy()
    gap[8:10] = np.nan  # filled inside the segment, as refine_sequence does
    refined, _ = _quiet(refine_sequence, deciwatch, gap)
    np.testing.assert_allclose(out.keypoints[:8, 0], refined[:8], atol=1e-3)
