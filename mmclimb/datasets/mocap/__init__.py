"""Motion capture (BVH) as ClimbAlong keypoint sequences.

:func:`read_bvh` reads a text BVH into a :class:`BVHMotion` (hierarchy and
(N, C) channel values), :func:`forward_kinematics` gives global positions
(N, J, 3) and rotations (N, J, 3, 3), :func:`climbalong_keypoints` maps the
Reallusion CC_Base rig to the 25 ClimbAlong keypoints (N, 25, 3) in cm,
:func:`glitch_mask` flags the frames of retargeting glitches, and
:func:`load_cmu_clip` / :func:`list_cmu_clips` read the CMU clips of
``../shared/data/cmu_mocap`` (``docs/cmu_mocap.md``).
"""
from .bvh_motion import CHANNEL_NAMES, BVHFormatError, BVHMotion, read_bvh
from .climbalong_from_cc_base import (APPROXIMATE_KEYPOINTS, CC_BASE_JOINTS,
                                      CC_BASE_PREFIX, climbalong_keypoints,
                                      glitch_mask, head_frame_points)
from .cmu_mocap_clips import CACHE_VERSION, list_cmu_clips, load_cmu_clip
from .forward_kinematics import (ancestors_closure, euler_matrices,
                                 forward_kinematics)

__all__ = [
    'APPROXIMATE_KEYPOINTS', 'BVHFormatError', 'BVHMotion', 'CACHE_VERSION',
    'CC_BASE_JOINTS', 'CC_BASE_PREFIX', 'CHANNEL_NAMES', 'ancestors_closure',
    'climbalong_keypoints', 'euler_matrices', 'forward_kinematics',
    'glitch_mask', 'head_frame_points', 'list_cmu_clips', 'load_cmu_clip',
    'read_bvh'
]
