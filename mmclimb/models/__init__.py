from .heads import BaseTemporalHeatmapHead, IdentityHead
from .pose_estimators import TemporalPoseEstimator

__all__ = ['BaseTemporalHeatmapHead', 'IdentityHead', 'TemporalPoseEstimator']
