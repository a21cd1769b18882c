"""Gaussian smoothing of keypoint trajectories.

Symbols: B sequences, T frames, C coordinate channels, sigma the standard
deviation in frames, r = round(truncate * sigma) the kernel radius.

Each channel is convolved along time with the normalised kernel
``w[i] ∝ exp(-i^2 / (2 sigma^2))``, ``i = -r..r``; beyond the ends the first
and last frames are repeated (scipy's ``mode='nearest'``), so the output has
T frames. A linear, zero-phase (non-causal) filter: it removes jitter but
also flattens fast motion and peaks.
"""
import math

import torch
import torch.nn.functional as F
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .base_filter_head import BaseFilterHead


@MODELS.register_module()
class GaussianFilterHead(BaseFilterHead):
    """Gaussian filter along time, edges held.

    Shapes: (B, T, C) -> (B, T, C), any T >= 1.

    Args:
        sigma (float): Standard deviation in frames, > 0. Defaults to 2.0.
        truncate (float): Kernel radius in standard deviations (scipy's
            ``gaussian_filter1d`` convention). Defaults to 4.0.
        heatmap_size (tuple[int, int]): See :class:`BaseFilterHead`.
        init_cfg (dict, optional): Unused.
    """

    def __init__(self,
                 sigma: float = 2.0,
                 truncate: float = 4.0,
                 heatmap_size=(56, 56),
                 init_cfg: OptConfigType = None):
        super().__init__(heatmap_size=heatmap_size, init_cfg=init_cfg)
        if sigma <= 0 or truncate <= 0:
            raise ValueError('GaussianFilterHead needs sigma > 0 and '
                             f'truncate > 0, got {sigma} and {truncate}')
        self.sigma = float(sigma)
        self.truncate = float(truncate)

    @property
    def radius(self) -> int:
        """r, the kernel's half width in frames."""
        return int(math.floor(self.truncate * self.sigma + 0.5))

    def kernel(self, dtype=torch.float32, device=None) -> Tensor:
        """The normalised kernel, (2r + 1,)."""
        offsets = torch.arange(
            -self.radius, self.radius + 1, dtype=torch.float64)
        weights = torch.exp(-0.5 * (offsets / self.sigma)**2)
        return (weights / weights.sum()).to(dtype=dtype, device=device)

    def forward(self, feats: Tensor) -> Tensor:
        """Smooth every channel along time.

        Args:
            feats (Tensor): Coordinates, (B, T, C).

        Returns:
            Tensor: Smoothed coordinates, (B, T, C).
        """
        batch, frames, channels = feats.shape
        signal = feats.transpose(1, 2).reshape(batch * channels, 1, frames)
        padded = F.pad(signal, (self.radius, self.radius), mode='replicate')
        kernel = self.kernel(feats.dtype, feats.device)
        out = F.conv1d(padded, kernel.view(1, 1, -1))
        return out.reshape(batch, channels, frames).transpose(1, 2)
