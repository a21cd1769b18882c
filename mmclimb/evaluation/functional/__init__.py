"""Pure numpy functions behind :class:`~mmclimb.evaluation.ClimbPCKMetric`."""
from .acceleration_error import acceleration_error, acceleration_error_map
from .heatmap_grid import snap_to_grid
from .keypoint_error import mean_keypoint_error
from .torso_pck import TORSO_PAIRS, torso_lengths, torso_pck

__all__ = [
    'TORSO_PAIRS', 'acceleration_error', 'acceleration_error_map',
    'mean_keypoint_error', 'snap_to_grid', 'torso_lengths', 'torso_pck'
]
