"""The fixed 1D sine positional embedding of DeciWatch."""
import math

import torch
from torch import Tensor, nn

__all__ = ['SinePositionalEncoding1D']


class SinePositionalEncoding1D(nn.Module):
    """Sine/cosine embedding of L positions spread over [0, 2*pi].

    Symbols: L positions, d channels (even). Position ``t`` is normalised
    to ``p = t / (L - 1 + eps) * 2*pi``; for ``i = 0..d/2-1`` with
    frequency divisor ``f_i = temperature ** (2*i / (d/2))``::

        E[t, 2i]   = sin(p / f_i)
        E[t, 2i+1] = cos(p / f_i)

    as the official DeciWatch. It has no parameters.

    Args:
        embed_dims (int): d. Defaults to 128.
        temperature (float): Defaults to 10000.
        eps (float): Defaults to 1e-6.
    """

    def __init__(self,
                 embed_dims: int = 128,
                 temperature: float = 10000.,
                 eps: float = 1e-6):
        super().__init__()
        if embed_dims % 2:
            raise ValueError(f'embed_dims must be even, got {embed_dims}')
        self.embed_dims = embed_dims
        self.temperature = temperature
        self.eps = eps

    def forward(self, length: int, device=None) -> Tensor:
        """The embedding of ``length`` positions, (L, d)."""
        position = torch.arange(length, dtype=torch.float32, device=device)
        position = position / (length - 1 + self.eps) * 2 * math.pi
        half = self.embed_dims // 2
        index = torch.arange(half, dtype=torch.float32, device=device)
        divisor = self.temperature**(2 * index / half)
        angles = position[:, None] / divisor
        return torch.stack([angles.sin(), angles.cos()], dim=-1).flatten(1)
