from .heads import (BaseTemporalCoordinateHead, BaseTemporalHeatmapHead,
                    BiConvLSTMHead, Conv3DHead, DeciWatchHead, IdentityHead,
                    SmoothNetHead)
from .layers import (ConvLSTMCell, DetrDecoderLayer, DetrEncoderLayer,
                     SinePositionalEncoding1D, SmoothNetResBlock)
from .pose_estimators import TemporalPoseEstimator

__all__ = [
    'BaseTemporalCoordinateHead', 'BaseTemporalHeatmapHead', 'BiConvLSTMHead', 'Conv3DHead',
    'ConvLSTMCell', 'DeciWatchHead', 'DetrDecoderLayer', 'DetrEncoderLayer',
    'IdentityHead', 'SinePositionalEncoding1D', 'SmoothNetHead',
    'SmoothNetResBlock', 'TemporalPoseEstimator'
]
