from .base_temporal_heatmap_head import BaseTemporalHeatmapHead
from .bi_conv_lstm_head import BiConvLSTMHead
from .conv3d_head import Conv3DHead
from .deciwatch_head import DeciWatchHead
from .identity_head import IdentityHead

__all__ = [
    'BaseTemporalHeatmapHead', 'BiConvLSTMHead', 'Conv3DHead',
    'DeciWatchHead', 'IdentityHead'
]
