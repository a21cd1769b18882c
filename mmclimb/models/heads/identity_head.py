"""The Identity baseline: the detector's heatmaps, unchanged."""
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptSampleList
from torch import Tensor

from .base_temporal_heatmap_head import BaseTemporalHeatmapHead


@MODELS.register_module()
class IdentityHead(BaseTemporalHeatmapHead):
    """Pass the detector heatmaps through: the raw detector as a refiner.

    Evaluated like any refiner, it gives the first row of every comparison.
    It has no parameters, so it cannot be trained.

    Shapes: (B, T, K, H, W) -> (B, T, K, H, W).
    """

    def forward(self, feats: Tensor) -> Tensor:
        """Return the input heatmaps."""
        return feats

    def loss(self,
             feats: Tensor,
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Refuse: the identity has nothing to learn."""
        raise RuntimeError(
            'IdentityHead has no parameters to train; evaluate it with '
            'tools/test.py (no checkpoint needed)')
