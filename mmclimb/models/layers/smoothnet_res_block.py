"""SmoothNet's residual block of linear layers over a temporal feature.

Symbols: N rows (every coordinate track of every window), d the block's
width (SmoothNet's hidden size), r its inner width (the residual hidden
size). The block acts on the last dimension only, so each coordinate track
is filtered by the same weights.
"""
from torch import Tensor, nn

__all__ = ['SmoothNetResBlock']


class SmoothNetResBlock(nn.Module):
    """``x + act(drop(up(act(drop(down(x))))))``, act = LeakyReLU(0.2).

    The dropout comes before each activation, as in SmoothNet (Zeng et al.,
    ECCV 2022).

    Shapes: (N, ..., d) -> (N, ..., d).

    Args:
        dims (int): d.
        hidden_dims (int): r.
        dropout (float): Dropout probability. Defaults to 0.5.
    """

    def __init__(self, dims: int, hidden_dims: int, dropout: float = 0.5):
        super().__init__()
        self.down = nn.Linear(dims, hidden_dims)
        self.up = nn.Linear(hidden_dims, dims)
        self.drop = nn.Dropout(dropout)
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x: Tensor) -> Tensor:
        """(N, ..., d) -> (N, ..., d)."""
        y = self.act(self.drop(self.down(x)))
        return x + self.act(self.drop(self.up(y)))
