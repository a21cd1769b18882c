from .heads import (BaseTemporalCoordinateHead, BaseTemporalHeatmapHead,
                    BiConvLSTMHead, Conv3DHead, DeciWatchHead, IdentityHead)
from .layers import (ConvLSTMCell, DetrDecoderLayer, DetrEncoderLayer,
                     SinePositionalEncoding1D)
from .pose_estimators import TemporalPoseEstimator

__all__ = [
    'BaseTemporalCoordinateHead', 'BaseTemporalHeatmapHead', 'BiConvLSTMHead', 'Conv3DHead',
    'ConvLSTMCell', 'DeciWatchHead', 'DetrDecoderLayer', 'DetrEncoderLayer',
    'IdentityHead', 'SinePositionalEncoding1D', 'TemporalPoseEstimator'
]
