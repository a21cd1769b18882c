"""The synthetic ClimbAlong-format dataset, mmclimb's embedded default data.

:class:`SyntheticClimbGenerator` writes, from a seed, a complete data root in
the layout of ``docs/climbalong_format.md`` (heatmaps float16, uncompressed
``np.savez``), with the thesis split and a ``meta.json``. Its components:
:class:`ClimberBody` and :class:`ClimberMotion` (a climber moving between
holds), :class:`FollowCamera`, :class:`SimulatedAnnotator`,
:class:`PersonBoxSimulator`, :class:`PeakErrorModel`,
:class:`HeatmapRenderer` and :class:`SimulatedDetector` (the Mask R-CNN's
output form), :class:`SizePreset` / :data:`PRESETS` (``tiny``, ``demo``).
"""
from .climber_body import ClimberBody
from .climber_motion import ClimberMotion
from .follow_camera import FollowCamera
from .generator import SyntheticClimbGenerator
from .heatmap_renderer import HeatmapRenderer
from .keypoint_layout import (FLIP_INDICES, FLIP_PAIRS, KEYPOINT_GROUP,
                              KEYPOINT_NAMES, NUM_KEYPOINTS, TORSO_INDICES)
from .peak_errors import PeakErrorModel
from .person_box import PersonBoxSimulator
from .simulated_annotator import SimulatedAnnotator
from .simulated_detector import SimulatedDetector, project_to_boxes
from .size_preset import PRESETS, SizePreset

__all__ = [
    'SyntheticClimbGenerator', 'ClimberBody', 'ClimberMotion', 'FollowCamera',
    'SimulatedAnnotator', 'PersonBoxSimulator', 'PeakErrorModel',
    'HeatmapRenderer', 'SimulatedDetector', 'project_to_boxes', 'SizePreset',
    'PRESETS', 'NUM_KEYPOINTS',
    'KEYPOINT_NAMES', 'FLIP_PAIRS', 'FLIP_INDICES', 'KEYPOINT_GROUP',
    'TORSO_INDICES'
]
