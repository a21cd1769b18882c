"""Pure numpy functions behind :class:`~mmclimb.evaluation.ClimbPCKMetric`."""
from .acceleration_error import acceleration_error, acceleration_error_map
from .detection_statistics import detection_statistics, summarise
from .heatmap_grid import snap_to_grid
from .keypoint_error import mean_keypoint_error
from .score_statistics import score_statistics
from .sequence_scores import (accuracy_scores, displacement_scores,
                              jitter_by_edge_distance, trajectory_jitter)
from .torso_pck import TORSO_PAIRS, torso_lengths, torso_pck

__all__ = [
    'TORSO_PAIRS', 'acceleration_error', 'acceleration_error_map',
    'accuracy_scores', 'detection_statistics', 'displacement_scores',
    'jitter_by_edge_distance', 'summarise', 'trajectory_jitter',
    'mean_keypoint_error', 'score_statistics', 'snap_to_grid', 'torso_lengths', 'torso_pck'
]
