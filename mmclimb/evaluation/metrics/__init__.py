"""MMPose metrics of refined pose windows."""
from .climb_pck_metric import ClimbPCKMetric
from .window_loss_metric import WindowLossMetric

__all__ = ['ClimbPCKMetric', 'WindowLossMetric']
