import numpy as np
import pytest

from mmclimb.structures import PoseTracker
from walking_people import walking_people


def _track(people, shuffle_seed=0, **kwargs):
    """Run the tracker over (T, P, K, 2) people in a shuffled order per
    frame; returns (T, P) ids, -1 where absent."""
    rng = np.random.default_rng(shuffle_seed)
    tracker = PoseTracker(**kwargs)
    ids = np.full(people.shape[:2], -1)
    for t, frame in enumerate(people):
        here = np.flatnonzero(~np.isnan(frame).all(axis=(1, 2)))
        rng.shuffle(here)
        ids[t, here] = tracker.update(frame[here])
    return ids


def _crossing(num_frames=40):
    # opposite directions, 40 px apart vertically: boxes overlap for
    # about a third of the video
    return walking_people(num_frames, [((100, 300), (500, 300)),
                                       ((500, 340), (100, 340))])


def test_people_who_cross_keep_their_tracks():
    people = _crossing()
    boxes_overlap = np.abs(people[:, 0, :, 0].mean(1) -
                           people[:, 1, :, 0].mean(1)) < 80
    assert boxes_overlap.sum() >= 6  # several frames of overlap
    ids = _track(people)
    assert (ids[:, 0] == ids[0, 0]).all() and (ids[:, 1] == ids[0, 1]).all()
    assert ids[0, 0] != ids[0, 1]


def test_a_person_entering_and_leaving_gets_one_track_of_their_frames():
    people = walking_people(30, [((100, 300), (400, 300)),
                                 ((500, 320), (300, 320))],
                            spans=[(0, 30), (8, 21)])
    ids = _track(people)
    assert (ids[:, 0] == 0).all()
    assert (ids[8:21, 1] == 1).all()
    assert (ids[:8, 1] == -1).all() and (ids[21:, 1] == -1).all()


def test_gap_up_to_max_gap_keeps_the_track_longer_starts_a_new_one():
    people = walking_people(30, [((100, 300), (160, 300))])
    short, long = people.copy(), people.copy()
    short[10:13] = np.nan  # 3 frames unseen
    long[10:20] = np.nan  # 10 frames unseen
    assert set(_track(short, max_gap=3)[:, 0]) == {-1, 0}
    ids = _track(long, max_gap=3)[:, 0]
    assert (ids[:10] == 0).all() and (ids[20:] == 1).all()


def test_missing_keypoints_and_empty_instances():
    tracker = PoseTracker()
    frame = walking_people(1, [((100, 300), (100, 300)),
                               ((400, 300), (400, 300))])[0]
    frame[0, :20] = np.nan  # few keypoints left
    empty = np.full((1, 25, 2), np.nan)
    assert tracker.update(np.concatenate([frame, empty])).tolist() == \
        [0, 1, -1]
    assert tracker.update(frame[::-1]).tolist() == [1, 0]
    assert tracker.update(np.zeros((0, 25, 2))).tolist() == []


def test_bad_settings():
    with pytest.raises(ValueError, match='max_gap'):
        PoseTracker(max_gap=-1)
    with pytest.raises(ValueError, match='max_cost'):
        PoseTracker(max_cost=0)
