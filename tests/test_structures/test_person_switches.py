import numpy as np
import pytest

from mmclimb.structures import person_segments
from walking_people import switching_person, walking_people


def _segments(keypoints, **kwargs):
    present = np.isfinite(keypoints).all(axis=-1)
    return person_segments(np.nan_to_num(keypoints), present, **kwargs)


def test_one_person_is_one_segment_even_with_gaps_and_missing_points():
    person = walking_people(30, [((100, 300), (400, 300))])[:, 0]
    person[:2] = np.nan
    person[10:13] = np.nan
    person[20, :5] = np.nan
    assert _segments(person) == [30]


def test_a_fast_move_of_one_person_is_not_a_switch():
    # a jump down: 30 px a frame, 15 % of the body's 200 px height
    person = walking_people(20, [((300, 100), (300, 670))], jitter=3)[:, 0]
    assert _segments(person) == [20]


def test_a_change_of_person_starts_a_segment_after_the_gap():
    assert _segments(switching_person(switch=20, gap=1)) == [21, 19]
    assert _segments(switching_person(switch=20, gap=0)) == [20, 20]


def test_a_long_absence_starts_a_segment_as_in_the_tracker():
    person = walking_people(40, [((100, 300), (120, 300))])[:, 0]
    person[10:25] = np.nan  # 15 frames unseen
    assert _segments(person, max_gap=10) == [25, 15]
    assert _segments(person, max_gap=20) == [40]


def test_shapes_that_disagree_are_refused():
    with pytest.raises(ValueError, match=r'disagree on \(T, K\)'):
        person_segments(np.zeros((5, 25, 2)), np.ones((4, 25), bool))
