"""A DETR-style Transformer decoder layer (pre- or post-norm)."""
from typing import Optional

from torch import Tensor, nn

from .detr_encoder_layer import feed_forward

__all__ = ['DetrDecoderLayer']


class DetrDecoderLayer(nn.Module):
    """Self-attention, cross-attention to a memory, and a feed-forward block.

    Symbols: B batch, L query tokens, M memory tokens, d channels.
    Positions are added to queries and keys only (DETR); post-norm::

        x = norm1(x + drop(self_attn(q=x+pos, k=x+pos, v=x)))
        x = norm2(x + drop(cross_attn(q=x+pos, k=mem+mem_pos, v=mem)))
        x = norm3(x + drop(ffn(x)))

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
        self.cross_attn = nn.MultiheadAttention(
            embed_dims, num_heads, dropout=dropout, batch_first=True)
        self.ffn = feed_forward(embed_dims, ffn_dims, dropout)
        self.norm1 = nn.LayerNorm(embed_dims)
        self.norm2 = nn.LayerNorm(embed_dims)
        self.norm3 = nn.LayerNorm(embed_dims)
        self.dropout1 = nn.Dropout(dropout)
        self.dropout2 = nn.Dropout(dropout)
        self.dropout3 = nn.Dropout(dropout)
        self.pre_norm = pre_norm

    def _self(self, x: Tensor, pos: Tensor) -> Tensor:
        q = k = x + pos
        return self.dropout1(
            self.self_attn(q, k, x, need_weights=False)[0])

    def _cross(self, x: Tensor, pos: Tensor, memory: Tensor,
               memory_pos: Tensor, memory_mask: Optional[Tensor]) -> Tensor:
        return self.dropout2(
            self.cross_attn(
                x + pos,
                memory + memory_pos,
                memory,
                key_padding_mask=memory_mask,
                need_weights=False)[0])

    def forward(self,
                x: Tensor,
                pos: Tensor,
                memory: Tensor,
                memory_pos: Tensor,
                memory_mask: Optional[Tensor] = None) -> Tensor:
        """Args: x (B, L, d); pos (L, d); memory (B, M, d); memory_pos
        (M, d); memory_mask (B, M) bool, True for memory tokens that may
        not be attended to. Returns (B, L, d)."""
        if self.pre_norm:
            x = x + self._self(self.norm1(x), pos)
            x = x + self._cross(
                self.norm2(x), pos, memory, memory_pos, memory_mask)
            return x + self.dropout3(self.ffn(self.norm3(x)))
        x = self.norm1(x + self._self(x, pos))
        x = self.norm2(
            x + self._cross(x, pos, memory, memory_pos, memory_mask))
        return self.norm3(x + self.dropout3(self.ffn(x)))
