"""The One-Euro filter (Casiez et al., CHI 2012) on keypoint trajectories.

Symbols: B sequences, T frames, C coordinate channels, f the frame rate
(frames per second), ``dt = 1 / f``. Cutoff frequencies are in Hz, speeds
in coordinate units per second.

A causal, adaptive low-pass filter, run per channel from the first frame
(which it returns unchanged)::

    alpha(fc) = 1 / (1 + 1 / (2 pi fc dt))
    v_t  = alpha(d_cutoff) (x_t - s_{t-1}) / dt + (1 - alpha(d_cutoff)) v_{t-1}
    fc_t = min_cutoff + beta |v_t|
    s_t  = alpha(fc_t) x_t + (1 - alpha(fc_t)) s_{t-1}

with ``v_0 = 0`` and ``s_0 = x_0``. At rest the cutoff is ``min_cutoff``
(strong smoothing, little jitter); the faster a channel moves, the higher
its cutoff (little lag). Lower ``min_cutoff`` removes more jitter, higher
``beta`` lags less on fast motion. ``beta`` is in seconds per coordinate
unit, so it depends on the units: :class:`BaseFilterHead` explains the
(person-box) units the heads receive.
"""
import math
from typing import Optional, Tuple

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .base_filter_head import BaseFilterHead


@MODELS.register_module()
class OneEuroFilterHead(BaseFilterHead):
    """One-Euro filter along time (causal, speed-adaptive).

    Shapes: (B, T, C) -> (B, T, C), any T >= 1. The frames are visited in
    order (the filter is recursive); all sequences and channels at once.

    Args:
        min_cutoff (float): Cutoff at rest, Hz, > 0. Defaults to 1.0.
        beta (float): Cutoff increase per unit of speed, >= 0.
            Defaults to 1.0.
        d_cutoff (float): Cutoff of the speed estimate, Hz, > 0.
            Defaults to 1.0.
        fps (float): Frame rate f. Defaults to 30.0.
        heatmap_size (tuple[int, int]): See :class:`BaseFilterHead`.
        init_cfg (dict, optional): Unused.
    """

    def __init__(self,
                 min_cutoff: float = 1.0,
                 beta: float = 1.0,
                 d_cutoff: float = 1.0,
                 fps: float = 30.0,
                 heatmap_size=(56, 56),
                 init_cfg: OptConfigType = None):
        super().__init__(heatmap_size=heatmap_size, init_cfg=init_cfg)
        if min(min_cutoff, d_cutoff, fps) <= 0 or beta < 0:
            raise ValueError(
                'OneEuroFilterHead needs min_cutoff, d_cutoff, fps > 0 and '
                f'beta >= 0, got {min_cutoff}, {d_cutoff}, {fps}, {beta}')
        self.min_cutoff = float(min_cutoff)
        self.beta = float(beta)
        self.d_cutoff = float(d_cutoff)
        self.fps = float(fps)

    def alpha(self, cutoff, fps: Optional[float] = None):
        """Smoothing factor of a first-order low-pass at ``cutoff`` Hz
        (a float or a tensor), at ``fps`` (default: the head's)."""
        tau = 1.0 / (2 * math.pi * cutoff)
        return 1.0 / (1.0 + tau * (fps or self.fps))

    def step(self,
             frame: Tensor,
             smoothed: Tensor,
             speed: Tensor,
             unit=1.0,
             fps: Optional[float] = None) -> Tuple[Tensor, Tensor]:
        """One frame of the recursion (module docstring).

        Args:
            frame (Tensor): x_t, (..., C).
            smoothed (Tensor): s_{t-1}, (..., C).
            speed (Tensor): v_{t-1}, (..., C).
            unit (float | Tensor): The coordinate unit ``beta`` refers to,
                in the inputs' units (broadcast to C): 1 for inputs
                already in person-box units, the box size for pixels.
            fps (float, optional): Frame rate; defaults to the head's.

        Returns:
            tuple: s_t and v_t, (..., C) each.
        """
        fps = fps or self.fps
        speed = torch.lerp(speed, (frame - smoothed) * fps,
                           self.alpha(self.d_cutoff, fps))
        cutoff = self.min_cutoff + self.beta * speed.abs() / unit
        return torch.lerp(smoothed, frame, self.alpha(cutoff, fps)), speed

    def forward(self, feats: Tensor) -> Tensor:
        """Filter every channel along time.

        Args:
            feats (Tensor): Coordinates, (B, T, C).

        Returns:
            Tensor: Filtered coordinates, (B, T, C).
        """
        frames = feats.unbind(1)
        smoothed = frames[0]
        speed = torch.zeros_like(smoothed)
        out = [smoothed]
        for frame in frames[1:]:
            smoothed, speed = self.step(frame, smoothed, speed)
            out.append(smoothed)
        return torch.stack(out, dim=1)
