"""The 25 ClimbAlong keypoints as the synthetic generator uses them.

Symbols: K = 25 keypoints in ClimbAlong order (MediaPipe BlazePose-33
without its eye and mouth points)::

    0 nose            9 left_pinky     17 left_knee
    1 left_ear       10 right_pinky    18 right_knee
    2 right_ear      11 left_index     19 left_ankle
    3 left_shoulder  12 right_index    20 right_ankle
    4 right_shoulder 13 left_thumb     21 left_heel
    5 left_elbow     14 right_thumb    22 right_heel
    6 right_elbow    15 left_hip       23 left_foot_index
    7 left_wrist     16 right_hip      24 right_foot_index
    8 right_wrist

Contract:
    - :data:`KEYPOINT_NAMES` lists the K names in index order.
    - :data:`FLIP_INDICES` (K,) maps each index to its left/right partner
      (itself for the nose); :data:`FLIP_PAIRS` lists the pairs.
    - :data:`KEYPOINT_GROUP` (K,) assigns each keypoint to one of
      :data:`GROUP_NAMES` (torso, head, elbow/knee, wrist/ankle,
      hand/foot tip); the detector's error sizes are set per group.
    - :data:`LIMB_CHAINS` holds, per limb, the (left, right) index arrays of
      the keypoints a left/right swap of that limb exchanges.
    - :data:`TORSO_INDICES` are the four points of the torso metric
      (left/right shoulder, left/right hip).
"""
import numpy as np

__all__ = [
    'NUM_KEYPOINTS', 'KEYPOINT_NAMES', 'FLIP_PAIRS', 'FLIP_INDICES',
    'GROUP_NAMES', 'KEYPOINT_GROUP', 'LIMB_CHAINS', 'TORSO_INDICES'
]

NUM_KEYPOINTS = 25

KEYPOINT_NAMES = ('nose', 'left_ear', 'right_ear', 'left_shoulder',
                  'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist',
                  'right_wrist', 'left_pinky', 'right_pinky', 'left_index',
                  'right_index', 'left_thumb', 'right_thumb', 'left_hip',
                  'right_hip', 'left_knee', 'right_knee', 'left_ankle',
                  'right_ankle', 'left_heel', 'right_heel', 'left_foot_index',
                  'right_foot_index')

FLIP_PAIRS = ((1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14),
              (15, 16), (17, 18), (19, 20), (21, 22), (23, 24))


def _flip_indices() -> np.ndarray:
    """(K,) int array: the flip partner of every keypoint."""
    flip = np.arange(NUM_KEYPOINTS)
    pairs = np.asarray(FLIP_PAIRS)
    flip[pairs[:, 0]] = pairs[:, 1]
    flip[pairs[:, 1]] = pairs[:, 0]
    return flip


FLIP_INDICES = _flip_indices()

GROUP_NAMES = ('torso', 'head', 'mid_limb', 'limb_end', 'extremity')

# torso: shoulders, hips; head: nose, ears; mid_limb: elbows, knees;
# limb_end: wrists, ankles; extremity: fingers, heels, foot indices.
KEYPOINT_GROUP = np.array([
    1, 1, 1, 0, 0, 2, 2, 3, 3, 4, 4, 4, 4, 4, 4, 0, 0, 2, 2, 3, 3, 4, 4, 4, 4
])

LIMB_CHAINS = {
    'arm': (np.array([5, 7, 9, 11, 13]), np.array([6, 8, 10, 12, 14])),
    'forearm': (np.array([7, 9, 11, 13]), np.array([8, 10, 12, 14])),
    'leg': (np.array([17, 19, 21, 23]), np.array([18, 20, 22, 24])),
    'foot': (np.array([19, 21, 23]), np.array([20, 22, 24])),
}

TORSO_INDICES = np.array([3, 4, 15, 16])
