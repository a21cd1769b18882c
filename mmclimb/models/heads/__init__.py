from .base_filter_head import BaseFilterHead
from .base_temporal_coordinate_head import BaseTemporalCoordinateHead
from .base_temporal_heatmap_head import BaseTemporalHeatmapHead
from .bi_conv_lstm_head import BiConvLSTMHead
from .conv3d_head import Conv3DHead
from .deciwatch_head import DeciWatchHead
from .gaussian_filter_head import GaussianFilterHead
from .identity_head import IdentityHead
from .one_euro_filter_head import OneEuroFilterHead
from .savitzky_golay_filter_head import SavitzkyGolayFilterHead
from .smoothnet_head import SmoothNetHead

__all__ = [
    'BaseFilterHead', 'BaseTemporalCoordinateHead', 'BaseTemporalHeatmapHead', 'BiConvLSTMHead',
    'Conv3DHead', 'DeciWatchHead', 'GaussianFilterHead', 'IdentityHead',
    'OneEuroFilterHead', 'SavitzkyGolayFilterHead', 'SmoothNetHead'
]
