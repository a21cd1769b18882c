from .base_temporal_heatmap_head import BaseTemporalHeatmapHead
from .identity_head import IdentityHead

__all__ = ['BaseTemporalHeatmapHead', 'IdentityHead']
