"""Savitzky-Golay smoothing of keypoint trajectories.

Symbols: B sequences, T frames, C coordinate channels, L the window length
(odd), h = L // 2, p the polynomial order (p < L).

Each output frame is the value, at that frame, of the least-squares
polynomial of order p fitted to the L frames around it. With the
Vandermonde matrix ``V[i, j] = (i - h)^j`` (L x (p+1)), the fitted values of
a window ``y`` are ``S y`` with ``S = V pinv(V)`` (L x L):

- frames ``h .. T-1-h`` take the centre row ``S[h]`` of their own window
  (a convolution);
- the first and last h frames take rows ``S[0..h-1]`` of the first window
  and ``S[h+1..L-1]`` of the last (scipy's ``mode='interp'``),

so any polynomial of order <= p passes through unchanged, ends included.
A sequence shorter than L uses the longest odd window that fits (and
p < that window). A linear, zero-phase filter that keeps peaks better than
a Gaussian of similar smoothing.
"""
from typing import Tuple

import numpy as np
import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor

from .base_filter_head import BaseFilterHead


@MODELS.register_module()
class SavitzkyGolayFilterHead(BaseFilterHead):
    """Savitzky-Golay filter along time, polynomial fits at the ends.

    Shapes: (B, T, C) -> (B, T, C), any T >= 1.

    Args:
        window_length (int): L, odd, >= 3. Defaults to 9.
        polyorder (int): p, ``0 <= p < L``. Defaults to 2.
        heatmap_size (tuple[int, int]): See :class:`BaseFilterHead`.
        init_cfg (dict, optional): Unused.
    """

    def __init__(self,
                 window_length: int = 9,
                 polyorder: int = 2,
                 heatmap_size=(56, 56),
                 init_cfg: OptConfigType = None):
        super().__init__(heatmap_size=heatmap_size, init_cfg=init_cfg)
        if window_length < 3 or window_length % 2 == 0:
            raise ValueError('SavitzkyGolayFilterHead needs an odd '
                             f'window_length >= 3, got {window_length}')
        if not 0 <= polyorder < window_length:
            raise ValueError('SavitzkyGolayFilterHead needs 0 <= polyorder '
                             f'< window_length, got {polyorder} and '
                             f'{window_length}')
        self.window_length = window_length
        self.polyorder = polyorder

    def fit_for(self, frames: int) -> Tuple[int, int]:
        """(L, p) used on a sequence of ``frames`` frames."""
        length = min(self.window_length, frames - (frames + 1) % 2)
        return length, min(self.polyorder, length - 1)

    @staticmethod
    def smoothing_matrix(length: int, polyorder: int) -> np.ndarray:
        """S = V pinv(V): fitted values of a window, (L, L) float64."""
        offsets = np.arange(length, dtype=np.float64) - length // 2
        vander = offsets[:, None]**np.arange(polyorder + 1)
        return vander @ np.linalg.pinv(vander)

    def forward(self, feats: Tensor) -> Tensor:
        """Smooth every channel along time.

        Args:
            feats (Tensor): Coordinates, (B, T, C).

        Returns:
            Tensor: Smoothed coordinates, (B, T, C).
        """
        length, polyorder = self.fit_for(feats.shape[1])
        if length < 3:  # one or two frames: nothing to fit
            return feats.clone()
        half = length // 2
        matrix = torch.from_numpy(self.smoothing_matrix(
            length, polyorder)).to(feats)
        windows = feats.unfold(1, length, 1)  # (B, T-L+1, C, L)
        centre = windows @ matrix[half]  # (B, T-L+1, C)
        # (B, C, L) @ (L, h) -> (B, C, h) -> (B, h, C)
        start = (windows[:, 0] @ matrix[:half].T).transpose(1, 2)
        end = (windows[:, -1] @ matrix[half + 1:].T).transpose(1, 2)
        return torch.cat([start, centre, end], dim=1)
