"""3DConv: one spatio-temporal convolution over the window."""
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType
from torch import Tensor, nn

from .base_temporal_heatmap_head import BaseTemporalHeatmapHead


@MODELS.register_module()
class Conv3DHead(BaseTemporalHeatmapHead):
    """Conv3d with K filters of size T x 5 x 5, "same" zero padding, ReLU.

    The thesis's fastest refiner: output frame t sees input frames
    t - T//2 .. t + T//2 of the window (zeros beyond it) and a 5 x 5
    neighbourhood, across all K channels. For K=25, T=5 it has 78,150
    parameters.

    Shapes: (B, T, K, H, W) -> (B, T, K, H, W).

    Args:
        num_keypoints (int): K (input and output channels). Defaults to 25.
        seq_len (int): T, the temporal kernel size (odd, so that "same"
            padding is symmetric). Defaults to 5.
        kernel_size (int): Spatial kernel size. Defaults to 5.
        loss (dict): See :class:`BaseTemporalHeatmapHead`.
        subpixel_decoding (bool): See :class:`BaseTemporalHeatmapHead`.
            Defaults to False (the thesis's integer argmax).
        identity_init (bool): Start as the identity: each output channel
            copies its own input channel at the same frame and pixel
            (``nn.init.dirac_``, zero bias), so an untrained model returns
            its input and training only adds what helps. Replaces
            ``init_cfg``. Defaults to False (the thesis's Xavier init).
        init_cfg (dict): Defaults to Xavier-uniform on the convolution.
    """

    def __init__(self,
                 num_keypoints: int = 25,
                 seq_len: int = 5,
                 kernel_size: int = 5,
                 loss: ConfigType = dict(
                     type='KeypointMSELoss', use_target_weight=True),
                 subpixel_decoding: bool = False,
                 identity_init: bool = False,
                 init_cfg: OptConfigType = dict(
                     type='Xavier', layer='Conv3d', distribution='uniform')):
        super().__init__(
            loss=loss,
            subpixel_decoding=subpixel_decoding,
            init_cfg=None if identity_init else init_cfg)
        self.identity_init = identity_init
        if seq_len % 2 == 0 or kernel_size % 2 == 0:
            raise ValueError('seq_len and kernel_size must be odd for "same" '
                             f'padding, got {seq_len} and {kernel_size}')
        self.conv = nn.Conv3d(
            num_keypoints,
            num_keypoints, (seq_len, kernel_size, kernel_size),
            padding=(seq_len // 2, kernel_size // 2, kernel_size // 2))

    def init_weights(self) -> None:
        """The identity (``identity_init``), else ``init_cfg``."""
        if not self.identity_init:
            super().init_weights()
            return
        nn.init.dirac_(self.conv.weight)
        nn.init.zeros_(self.conv.bias)
        self._is_init = True

    def forward(self, feats: Tensor) -> Tensor:
        """Refine a batch of windows.

        Args:
            feats (Tensor): Heatmaps, (B, T, K, H, W).

        Returns:
            Tensor: Refined heatmaps, (B, T, K, H, W).
        """
        # Conv3d wants (B, K, T, H, W)
        out = self.conv(feats.transpose(1, 2))
        return out.relu_().transpose(1, 2)
