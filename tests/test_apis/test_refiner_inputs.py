import numpy as np

from mmclimb.apis import keypoint_boxes


def test_keypoint_boxes_follow_the_extent_with_a_margin():
    keypoints = np.array([[[10, 20], [30, 100], [20, 60]],
                          [[0, 0], [50, 10], [25, 5]]], np.float32)
    np.testing.assert_allclose(keypoint_boxes(keypoints),
                               [[9, 16, 31, 104], [-2.5, -0.5, 52.5, 10.5]])
    square = keypoint_boxes(keypoints, square=True)
    np.testing.assert_allclose(square[0], [-24, 16, 64, 104])
    # a single point still gets a box
    point = keypoint_boxes(np.full((1, 3, 2), 7, np.float32), margin=0)
    np.testing.assert_allclose(point, [[6.5, 6.5, 7.5, 7.5]])
