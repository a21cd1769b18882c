"""The 25 ClimbAlong keypoints from a BVH on the Reallusion CC_Base rig,
and a mask of the frames where the retargeted motion glitches.

Symbols: N frames, K = 25 ClimbAlong keypoints (order of
``mmclimb/datasets/synthetic/keypoint_layout.py``), world coordinates in cm
with Y up (the BVH's frame).

Contract of :func:`climbalong_keypoints`: a :class:`~.bvh_motion.BVHMotion`
with the ``CC_Base_*`` joints (either hierarchy: root ``CC_Base_Hip`` or
``RL_BoneRoot``; joints are found by name) -> keypoints (N, K, 3) float32
cm and approximate (K,) bool. 20 keypoints are joint positions
(:data:`CC_BASE_JOINTS`; a joint's position is the start of its bone). Nose,
ears and heels have no joint; they are placed by fixed rules (flagged in
``approximate``), in the head frame whose axes are the ``CC_Base_Head``
joint's local axes: X lateral (the subject's left), Y up, Z forward.

- A. nose = eye midpoint + 2 forward - 3.5 up.
- B. ears = eye midpoint - 6 forward - 1.5 up +- 7 lateral (left +).
- C. heel = Foot + 0.25 (Foot - ToeBase), then lowered along world Y by
  0.8 |Foot.y - ToeBase.y|.

Contract of :func:`glitch_mask`: keypoints (N, K, 3) -> unsafe (N,) bool.
The step of frame t is the largest displacement of any keypoint from frame
t to t + 1. Steps above ``max_speed_cm_per_frame`` are jumps. Jumps less
than ``max_gap_s`` apart form one episode, and every frame from the first
frame of its first jump to the second frame of its last jump is unsafe,
widened by ``pad`` frames on both sides (the retargeting flips a knee back
and forth for a while, so the frames between the jumps are suspect too).
On the 61 CMU clips (frame 0 dropped, 26,407 frames) the defaults (25 cm,
1 s, pad 12) turn the 77 jumps into 21 episodes in 17 clips (8 of a single
jump; the longest spans 120 frames, in ``005_17``) and mark 1,060 frames
(4.0 %) unsafe; with ``pad=0`` it is 558 frames.
"""
from typing import Dict, Tuple

import numpy as np

from ..synthetic.keypoint_layout import KEYPOINT_NAMES
from .bvh_motion import BVHMotion
from .forward_kinematics import forward_kinematics

__all__ = [
    'APPROXIMATE_KEYPOINTS', 'CC_BASE_JOINTS', 'CC_BASE_PREFIX',
    'climbalong_keypoints', 'glitch_mask', 'head_frame_points'
]

CC_BASE_PREFIX = 'CC_Base_'

#: ClimbAlong index -> CC_Base joint name (without the prefix).
CC_BASE_JOINTS: Dict[int, str] = {
    3: 'L_Upperarm', 4: 'R_Upperarm', 5: 'L_Forearm', 6: 'R_Forearm',
    7: 'L_Hand', 8: 'R_Hand', 9: 'L_Pinky1', 10: 'R_Pinky1',
    11: 'L_Index1', 12: 'R_Index1', 13: 'L_Thumb2', 14: 'R_Thumb2',
    15: 'L_Thigh', 16: 'R_Thigh', 17: 'L_Calf', 18: 'R_Calf',
    19: 'L_Foot', 20: 'R_Foot', 23: 'L_BigToe1', 24: 'R_BigToe1'
}

#: ClimbAlong indices placed by a rule instead of a joint: nose, ears, heels.
APPROXIMATE_KEYPOINTS: Tuple[int, ...] = (0, 1, 2, 21, 22)

# Offsets from the eye midpoint as (lateral, up, forward) in cm (rules A, B).
_NOSE = (0.0, -3.5, 2.0)
_EARS = ((7.0, -1.5, -6.0), (-7.0, -1.5, -6.0))
# Rule C.
_HEEL_BACK = 0.25
_HEEL_DROP = 0.8

_EXTRA = ('Head', 'L_Eye', 'R_Eye', 'L_ToeBase', 'R_ToeBase')


def head_frame_points(head_pos: np.ndarray, head_rot: np.ndarray,
                      points: np.ndarray) -> np.ndarray:
    """World points expressed in the head frame.

    Args:
        head_pos (np.ndarray): (N, 3) ``CC_Base_Head`` position.
        head_rot (np.ndarray): (N, 3, 3) its global rotation (columns:
            lateral, up, forward).
        points (np.ndarray): (N, P, 3) world points.

    Returns:
        np.ndarray: (N, P, 3) points as (lateral, up, forward) from the head
        joint.
    """
    return np.einsum('nji,npj->npi', head_rot, points - head_pos[:, None])


def climbalong_keypoints(motion: BVHMotion) -> Tuple[np.ndarray, np.ndarray]:
    """The 25 ClimbAlong keypoints of every frame of a CC_Base BVH.

    Args:
        motion (BVHMotion): A file with the ``CC_Base_*`` joints.

    Returns:
        tuple[np.ndarray, np.ndarray]: keypoints (N, 25, 3) float32 world
        cm (Y up) and approximate (25,) bool (True for nose, ears, heels).

    Raises:
        KeyError: A needed ``CC_Base_*`` joint is missing (the message
            names the file and joint).
    """
    slots = sorted(CC_BASE_JOINTS)
    names = [CC_BASE_PREFIX + CC_BASE_JOINTS[k] for k in slots]
    names += [CC_BASE_PREFIX + n for n in _EXTRA]
    pos, rot = forward_kinematics(motion, names)
    n = pos.shape[0]
    head, l_eye, r_eye, l_toe, r_toe = (pos[:, len(slots) + i]
                                        for i in range(len(_EXTRA)))
    head_rot = rot[:, len(slots)]
    lateral, up, forward = (head_rot[:, :, i] for i in range(3))

    def from_eyes(offset):
        a, b, c = offset
        return (l_eye + r_eye) / 2 + a * lateral + b * up + c * forward

    out = np.empty((n, len(KEYPOINT_NAMES), 3), dtype=np.float64)
    out[:, slots] = pos[:, :len(slots)]
    out[:, 0] = from_eyes(_NOSE)
    out[:, 1] = from_eyes(_EARS[0])
    out[:, 2] = from_eyes(_EARS[1])
    for heel, foot, toe in ((21, out[:, 19], l_toe), (22, out[:, 20], r_toe)):
        h = foot + _HEEL_BACK * (foot - toe)
        h[:, 1] -= _HEEL_DROP * np.abs(foot[:, 1] - toe[:, 1])
        out[:, heel] = h
    approximate = np.zeros(len(KEYPOINT_NAMES), dtype=bool)
    approximate[list(APPROXIMATE_KEYPOINTS)] = True
    return out.astype(np.float32), approximate


def glitch_mask(keypoints: np.ndarray,
                fps: float = 60.0,
                max_speed_cm_per_frame: float = 25.0,
                max_gap_s: float = 1.0,
                pad: int = 12) -> np.ndarray:
    """Frames made unsafe by jumps of the retargeted motion.

    Args:
        keypoints (np.ndarray): (N, K, 3) positions in cm.
        fps (float): Frame rate; converts ``max_gap_s`` to frames.
            Defaults to 60.
        max_speed_cm_per_frame (float): A step (largest keypoint
            displacement to the next frame) above this is a jump. Defaults
            to 25 (15 m/s at 60 fps).
        max_gap_s (float): Jumps less than this apart belong to one
            episode, whose frames in between are all unsafe. Defaults to 1.
        pad (int): Frames added on each side of an episode. Defaults to 12
            (0.2 s at 60 fps: in ``005_06`` the right knee drifts away from
            its normal swing for about that long before the first jump and
            after the last one).

    Returns:
        np.ndarray: (N,) bool, True for unsafe frames.
    """
    kpts = np.asarray(keypoints, dtype=np.float64)
    n = kpts.shape[0]
    unsafe = np.zeros(n, dtype=bool)
    if n < 2:
        return unsafe
    step = np.linalg.norm(np.diff(kpts, axis=0), axis=-1).max(axis=-1)
    jumps = np.flatnonzero(step > max_speed_cm_per_frame)  # frame t -> t+1
    if not len(jumps):
        return unsafe
    max_gap = max_gap_s * fps
    breaks = np.flatnonzero(np.diff(jumps) >= max_gap)
    firsts = jumps[np.concatenate([[0], breaks + 1])]
    lasts = jumps[np.concatenate([breaks, [len(jumps) - 1]])]
    for first, last in zip(firsts, lasts):
        unsafe[max(first - pad, 0):min(last + 2 + pad, n)] = True
    return unsafe
