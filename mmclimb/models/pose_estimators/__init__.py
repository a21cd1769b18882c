from .temporal_pose_estimator import TemporalPoseEstimator

__all__ = ['TemporalPoseEstimator']
