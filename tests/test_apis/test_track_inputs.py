import json

import numpy as np
import pytest

from mmclimb.apis import SequenceInputError, load_tracks
from walking_people import predictions, walking_people


def _write(tmp_path, document, name='p.json'):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_people_are_tracked_without_ids(tmp_path):
    people = walking_people(30, [((100, 300), (500, 300)),
                                 ((500, 340), (100, 340)),
                                 ((300, 700), (300, 600))],
                            spans=[(0, 30), (0, 30), (12, 20)])
    path = _write(tmp_path, predictions(people, shuffle_seed=1))
    tracks = load_tracks(path, num_keypoints=25)
    assert tracks.num_frames == 30 and tracks.num_tracks == 3
    assert tracks.track_ids == [0, 1, 2]
    # whichever column a person got, it holds that person only
    for person in range(3):
        column = np.nanargmin(np.nanmean(np.abs(
            tracks.keypoints[15] - people[15, person]), axis=(1, 2)))
        present = ~np.isnan(people[:, person, 0, 0])
        np.testing.assert_allclose(tracks.keypoints[present, column],
                                   people[present, person], rtol=1e-6)
        assert (tracks.present[:, column] == present).all()
    assert np.isnan(tracks.keypoints[:12, 2]).all()
    assert (tracks.scores[tracks.present] == np.float32(0.9)).all()


def test_the_files_track_ids_are_kept(tmp_path):
    people = walking_people(10, [((100, 300), (500, 300)),
                                 ((500, 340), (100, 340))],
                            spans=[(3, 10), (0, 10)])
    # ids the tracker would never give; person 0 is swapped in frame 6
    document = predictions(people, track_ids=['climber', 7])
    frame6 = document[6]['instances']
    frame6[0]['track_id'], frame6[1]['track_id'] = 7, 'climber'
    tracks = load_tracks(_write(tmp_path, document))
    assert tracks.track_ids == [7, 'climber']  # order of first appearance
    np.testing.assert_allclose(tracks.keypoints[6, 0], people[6, 0],
                               rtol=1e-6)
    np.testing.assert_allclose(tracks.keypoints[5, 0], people[5, 1],
                               rtol=1e-6)


def test_the_inferencer_layout_with_boxes(tmp_path):
    people = walking_people(4, [((100, 300), (120, 300)),
                                ((400, 300), (420, 300))])
    frames = [[dict(keypoints=p.tolist(), keypoint_scores=[0.5] * 25,
                    bbox=[[0, 0, 10, 10]], bbox_score=0.9) for p in frame]
              for frame in people]
    tracks = load_tracks(_write(tmp_path, frames))
    assert tracks.num_tracks == 2 and tracks.present.all()


@pytest.mark.parametrize('ids, match', [
    ([0, None], r'field "track_id": some instances have one and the '
     r'instances of frames \[0, 1, 2, 3\] \(4 frames\) do not'),
    ([5, 5], r'field "track_id": frames \[0, 1, 2, 3\] \(4 frames\) have '
     'two instances with the same track_id'),
])
def test_ids_that_cannot_be_tracked_name_the_frames(tmp_path, ids, match):
    people = walking_people(4, [((100, 300), (120, 300)),
                                ((400, 300), (420, 300))])
    document = predictions(people, track_ids=ids)
    for frame in document:
        for instance in frame['instances']:
            if instance['track_id'] is None:
                del instance['track_id']
    with pytest.raises(SequenceInputError, match=r'p\.json: ' + match):
        load_tracks(_write(tmp_path, document))


def test_instances_without_keypoints_are_left_out_with_one_warning(tmp_path):
    people = walking_people(5, [((100, 300), (120, 300))])
    document = predictions(people)
    for frame in document[1:3]:
        frame['instances'].append(dict(keypoints=[[None, None]] * 25))
    with pytest.warns(UserWarning, match='2 instances have no finite'):
        tracks = load_tracks(_write(tmp_path, document))
    assert tracks.num_tracks == 1
    with pytest.warns(UserWarning), pytest.raises(
            SequenceInputError, match='expected 17 keypoints'):
        load_tracks(_write(tmp_path, document, 'q.json'), num_keypoints=17)


def test_implausible_positions_of_a_person_are_missing(tmp_path):
    people = walking_people(12, [((100, 300), (500, 300)),
                                 ((500, 340), (100, 340))])
    document = predictions(people, track_ids=[0, 1])
    # a COCO-style (0, 0) placeholder and a stray point far off the body
    document[4]['instances'][0]['keypoints'][7] = [0.0, 0.0]
    document[8]['instances'][1]['keypoints'][12] = [20000.0, 20000.0]
    with pytest.warns(UserWarning, match='2 implausible keypoint') as record:
        tracks = load_tracks(_write(tmp_path, document))
    assert len([w for w in record if 'implausible' in str(w.message)]) == 1
    assert np.isnan(tracks.keypoints[4, 0, 7]).all()
    assert np.isnan(tracks.keypoints[8, 1, 12]).all()
    assert tracks.scores[4, 0, 7] == 0 and tracks.scores[8, 1, 12] == 0
    # everything else as given
    kept = np.isfinite(tracks.keypoints[..., 0])
    assert kept.sum() == 12 * 2 * 25 - 2
    np.testing.assert_allclose(tracks.keypoints[kept], people[kept],
                               rtol=1e-6)
