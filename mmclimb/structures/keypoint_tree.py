"""The ClimbAlong-25 keypoints as a tree, for errors shared along a limb.

Symbols: K = 25 ClimbAlong keypoints (``configs/_base_/datasets/climbalong.py``
order: nose, ears, shoulders, elbows, wrists,
pinkies, index fingers, thumbs, hips, knees, ankles, heels, foot indices;
left before right).

Contract: :data:`CLIMBALONG_PARENTS` (K,) gives each keypoint's parent, the
neighbour whose detection error it shares most (a finger with its wrist, a
heel with its ankle, an elbow with its shoulder, a hip with the shoulder of
its side, an ear with the nose), or -1 for a root (the nose and the two
shoulders). Every parent index is smaller than its child's, so one pass in
index order visits parents first.
"""
from typing import Tuple

__all__ = ['CLIMBALONG_PARENTS']

CLIMBALONG_PARENTS: Tuple[int, ...] = (
    -1, 0, 0,  # nose; ears from the nose
    -1, -1,  # shoulders
    3, 4,  # elbows
    5, 6,  # wrists
    7, 8, 7, 8, 7, 8,  # pinkies, index fingers, thumbs from the wrists
    3, 4,  # hips from the shoulders
    15, 16,  # knees
    17, 18,  # ankles
    19, 20, 19, 20)  # heels, foot indices from the ankles
