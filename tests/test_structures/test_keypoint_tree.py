"""CLIMBALONG_PARENTS: a tree over the 25 keypoints, parents first."""
from mmclimb.datasets.synthetic.keypoint_layout import FLIP_INDICES
from mmclimb.structures import CLIMBALONG_PARENTS


def test_parents_come_first_and_roots_are_nose_and_shoulders():
    assert len(CLIMBALONG_PARENTS) == 25
    assert all(-1 <= p < k for k, p in enumerate(CLIMBALONG_PARENTS))
    assert [k for k, p in enumerate(CLIMBALONG_PARENTS) if p < 0] == [0, 3, 4]


def test_the_tree_is_mirror_symmetric():
    # a left keypoint's parent is the mirror of its right partner's parent
    for k, parent in enumerate(CLIMBALONG_PARENTS):
        mirror = CLIMBALONG_PARENTS[FLIP_INDICES[k]]
        if parent < 0:
            assert mirror < 0
        elif parent != 0:
            assert FLIP_INDICES[parent] == mirror
