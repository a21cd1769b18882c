import re

import numpy as np
import pytest

from mmclimb.datasets import (CLIMBALONG_KEYPOINTS, KEYPOINT_MAPPINGS,
                              get_keypoint_mapping, map_keypoints)

COCO17 = ('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
          'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
          'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee',
          'right_knee', 'left_ankle', 'right_ankle')
PENN13 = ('head', 'left_shoulder', 'right_shoulder', 'left_elbow',
          'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip',
          'left_knee', 'right_knee', 'left_ankle', 'right_ankle')


def test_coco17_maps_every_shared_name_and_nothing_else():
    mapping = get_keypoint_mapping('coco17')
    for k, name in enumerate(CLIMBALONG_KEYPOINTS):
        source = mapping.source_indices[k]
        if name in COCO17:
            assert COCO17[source] == name
        else:
            assert source == -1
    assert mapping.present.sum() == 15


def test_penn_action13_uses_head_as_nose():
    mapping = get_keypoint_mapping('penn_action13')
    assert mapping.source_indices[0] == 0  # head -> nose
    for k, name in enumerate(CLIMBALONG_KEYPOINTS[1:], start=1):
        source = mapping.source_indices[k]
        assert (PENN13[source] == name) if name in PENN13 else source == -1
    assert mapping.present.sum() == 13


def test_mediapipe33_is_the_blazepose_subset():
    mapping = get_keypoint_mapping('mediapipe33')
    np.testing.assert_array_equal(mapping.source_indices,
                                  [0, 7, 8] + list(range(11, 33)))


def test_map_keypoints_moves_points_and_zeroes_missing_ones():
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 100, (4, 3, 17, 2))  # any leading axes
    flags = np.ones((4, 3, 17))
    flags[..., 9] = 0  # left wrist not annotated
    out, vis = map_keypoints(xy, flags, 'coco17')
    assert out.shape == (4, 3, 25, 2) and vis.shape == (4, 3, 25)
    np.testing.assert_allclose(out[..., 19, :], xy[..., 15, :], rtol=1e-6)
    assert (vis[..., 7] == 0).all()  # the unannotated wrist
    missing = ~get_keypoint_mapping('coco17').present
    assert (vis[..., missing] == 0).all() and (out[..., missing, :] == 0).all()
    assert vis[..., ~missing & (np.arange(25) != 7)].all()


def test_dict_mapping_by_name_or_index():
    mapping = get_keypoint_mapping({'left_hip': 1, 16: 0, 'nose': 2})
    assert mapping.accepts(3) and mapping.accepts(17)
    assert not mapping.accepts(2)  # source index 2 needs S >= 3
    assert list(np.flatnonzero(mapping.present)) == [0, 15, 16]
    _, vis = mapping(np.zeros((2, 3, 2)), np.ones((2, 3)))
    assert vis.sum() == 6


@pytest.mark.parametrize('spec, message', [
    ('coco18', "unknown keypoint mapping 'coco18'; the known mappings are "
     f"{sorted(KEYPOINT_MAPPINGS)}"),
    ({'left_toe': 0}, "unknown ClimbAlong keypoint 'left_toe'"),
    ({25: 0}, 'index 25 out of range'),
    ({0: -1}, 'negative source index'),
    ({}, 'maps no keypoint'),
])
def test_bad_mappings_name_what_is_known(spec, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        get_keypoint_mapping(spec)


def test_wrong_source_shape_is_reported():
    with pytest.raises(ValueError, match=re.escape(
            "'coco17' expects keypoints (..., S, 2) and flags (..., S) "
            'with S 17')):
        map_keypoints(np.zeros((5, 13, 2)), np.ones((5, 13)), 'coco17')
