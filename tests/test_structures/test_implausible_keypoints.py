"""The input contract's rules: placeholders, integer sentinels, far points."""
import numpy as np

from mmclimb.structures import implausible_keypoints


def _person(frames=6, seed=0, centre=(600, 400)):
    rng = np.random.default_rng(seed)
    pose = rng.uniform(-80, 80, (25, 2)) * [0.5, 1.0] + centre
    return pose + rng.normal(0, 2, (frames, 25, 2))


def test_a_clean_person_keeps_every_point():
    masks = implausible_keypoints(_person())
    assert not any(mask.any() for mask in masks.values())


def test_each_rule_flags_its_points_only():
    keypoints = _person()
    keypoints[1, 2] = 0
    keypoints[2, 3] = 20000
    keypoints[3, 4] = [600, 400 + 8 * 200]  # two body heights below
    keypoints[4, 5] = np.nan
    masks = implausible_keypoints(keypoints)
    assert np.argwhere(masks['placeholder']).tolist() == [[1, 2]]
    assert np.argwhere(masks['far']).tolist() == [[2, 3], [3, 4]]
    assert not masks['sentinel'].any()
    assert not any(mask[4, 5] for mask in masks.values())  # NaN: not theirs


def test_integer_sentinels():
    keypoints = np.round(_person()).astype(np.int16)
    keypoints[0, 0] = -1
    keypoints[1, 1, 0] = np.iinfo(np.int16).min
    keypoints[2, 2] = np.iinfo(np.int16).max
    masks = implausible_keypoints(keypoints)
    assert np.argwhere(masks['sentinel']).tolist() == [[0, 0], [1, 1],
                                                       [2, 2]]
    # the same negative value in a float array is a position off the image
    floats = _person(centre=(20, 20))
    floats[0, 0] = -1
    assert not implausible_keypoints(floats)['sentinel'].any()


def test_the_rule_does_not_depend_on_size_or_place():
    small = _person() * 0.05 + 3000
    small[2, 3] = small[2, 3] + 200  # 200 px is far for a 10 px person
    assert np.argwhere(implausible_keypoints(small)['far']).tolist() == \
        [[2, 3]]
    # an outstretched arm (half a body height off) is not far
    arm = _person()
    arm[:, 9] = [600 + 150, 400 - 160]
    assert not implausible_keypoints(arm)['far'].any()


def test_a_frame_of_two_points_is_judged_by_the_sequence():
    keypoints = _person()
    keypoints[3, 2:] = np.nan
    keypoints[3, 1] = 20000
    far = implausible_keypoints(keypoints)['far']
    assert far[3, :2].all() and far.sum() == 2  # which strays is unknown
