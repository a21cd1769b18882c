import numpy as np

from mmclimb.visualization import SkeletonStyle, climbalong_skeleton

# FACTS 1.1: MediaPipe connections restricted to the 25 points, plus nose-ear
SKELETON = {(0, 1), (0, 2), (3, 4), (3, 5), (5, 7), (4, 6), (6, 8), (7, 9),
            (7, 11), (7, 13), (9, 11), (8, 10), (8, 12), (8, 14), (10, 12),
            (3, 15), (4, 16), (15, 16), (15, 17), (17, 19), (19, 21), (19, 23),
            (21, 23), (16, 18), (18, 20), (20, 22), (20, 24), (22, 24)}


def test_climbalong_skeleton_from_dataset_info():
    style = climbalong_skeleton()
    assert isinstance(style, SkeletonStyle)
    assert len(style.keypoint_names) == 25
    assert style.keypoint_names[0] == 'nose'
    assert style.keypoint_names[24] == 'right_foot_index'
    assert set(style.skeleton) == SKELETON
    assert style.colors.shape == (28, 3) and style.colors.dtype == np.uint8
    assert style.keypoint_colors.shape == (25, 3)
    # left arm links are green, right ones orange (RGB, as in the config)
    assert style.colors[style.skeleton.index((3, 5))].tolist() == [0, 255, 0]
    assert style.colors[style.skeleton.index((4, 6))].tolist() == \
        [255, 128, 0]
