"""Metrics of refined pose sequences, registered in ``mmpose.registry``."""
from .functional import (TORSO_PAIRS, acceleration_error,
                         acceleration_error_map, mean_keypoint_error,
                         snap_to_grid, torso_lengths, torso_pck)
from .metrics import ClimbPCKMetric, WindowLossMetric

__all__ = [
    'ClimbPCKMetric', 'TORSO_PAIRS', 'acceleration_error',
    'acceleration_error_map', 'mean_keypoint_error', 'snap_to_grid',
    'torso_lengths', 'torso_pck', 'WindowLossMetric'
]
