"""MMPose metrics of refined pose windows."""
from .climb_pck_metric import ClimbPCKMetric

__all__ = ['ClimbPCKMetric']
