"""A DETR-style Transformer encoder layer (pre- or post-norm)."""
from typing import Optional

from torch import Tensor, nn

__all__ = ['DetrEncoderLayer', 'feed_forward']


def feed_forward(embed_dims: int, ffn_dims: int, dropout: float) -> nn.Module:
    """The DETR feed-forward block: Linear, LeakyReLU(0.01), Dropout,
    Linear (as the official DeciWatch's ``linear1``/``linear2``)."""
    return nn.Sequential(
        nn.Linear(embed_dims, ffn_dims), nn.LeakyReLU(0.01),
        nn.Dropout(dropout), nn.Linear(ffn_dims, embed_dims))


class DetrEncoderLayer(nn.Module):
    """Self-attention and a feed-forward block, positions on q and k only.

    Symbols: B batch, L tokens, d channels.

    Post-norm (``pre_norm=False``)::

        x = norm1(x + drop(attn(q=x+pos, k=x+pos, v=x)))
        x = norm2(x + drop(ffn(x)))

    pre-norm normalises before each block and adds the residual after.

    Args:
        embed_dims (int): d. Defaults to 128.
        num_heads (int): Defaults to 4.
        ffn_dims (int): Feed-forward hidden size. Defaults to 256.
        dropout (float): Defaults to 0.1.
        pre_norm (bool): Defaults to False.
    """

    def __init__(self,
                 embed_dims: int = 128,
                 num_heads: int = 4,
                 ffn_dims: int = 256,
                 dropout: float = 0.1,
                 pre_norm: bool = False):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(
            embed_dims, num_heads, dropout=dropout, batch_first=True)
        self.ffn = feed_forward(embed_dims, ffn_dims, dropout)
        self.norm1 = nn.LayerNorm(embed_dims)
        self.norm2 = nn.LayerNorm(embed_dims)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.pre_norm = pre_norm

    def _attend(self, x: Tensor, pos: Tensor,
                attn_mask: Optional[Tensor]) -> Tensor:
        q = k = x + pos
        return self.dropout1(
            self.self_attn(q, k, x, attn_mask=attn_mask,
                           need_weights=False)[0])

    def forward(self,
                x: Tensor,
                pos: Tensor,
                attn_mask: Optional[Tensor] = None) -> Tensor:
        """Args: x (B, L, d); pos (L, d); attn_mask (L, L) bool, True
        where attention is forbidden. Returns (B, L, d)."""
        if self.pre_norm:
            x = x + self._attend(self.norm1(x), pos, attn_mask)
            return x + self.dropout2(self.ffn(self.norm2(x)))
        x = self.norm1(x + self._attend(x, pos, attn_mask))
        return self.norm2(x + self.dropout2(self.ffn(x)))
