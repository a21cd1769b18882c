"""A convolutional LSTM cell with fused gates and optional peepholes.

Symbols: N batch, C input channels, D hidden channels, H x W spatial size,
G independent cells computed together (``groups``).

One step, per cell, with ``*`` a convolution and ``o`` the elementwise
product (Shi et al., 2015, with the peepholes of Graves)::

    i  = sigmoid(W_xi * x + W_hi * h + p_i o c  + b_i)
    f  = sigmoid(W_xf * x + W_hf * h + p_f o c  + b_f)
    g  = tanh   (W_xg * x + W_hg * h            + b_g)
    c' = f o c + i o g
    o  = sigmoid(W_xo * x + W_ho * h + p_o o c' + b_o)
    h' = o o tanh(c')

The eight gate convolutions are one convolution weight over ``[x, h]``
(``conv``); with ``groups=G`` the G cells (e.g. the forward and backward
branch of a bidirectional model) share it as one grouped convolution. Each
gate keeps the biases of its input and its hidden convolution
(``input_bias``, ``hidden_bias``), and optional learned bias maps (D, H, W)
per gate, so the parameters match a per-gate formulation one to one.

A sequence runs in two parts (:meth:`ConvLSTMCell.input_gates`, then
:meth:`ConvLSTMCell.step` per frame): the input half of the convolution,
with both biases and the bias maps, does not depend on the state, so it
runs once over all frames in one batched call; each step then convolves
only h with the hidden half of the weight (none at the first step, whose h
is zero) and adds the precomputed input part. ``forward`` is one step of
both. Under bf16 autocast the convolutions run in bf16 and the gates, the
element-wise recurrence and the state stay float32 (the float32 bias maps
and input part promote them).
"""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = ['ConvLSTMCell']


class ConvLSTMCell(nn.Module):
    """G convolutional LSTM cells computed by one grouped convolution.

    Args:
        in_channels (int): C, input channels per cell.
        hidden_channels (int): D, hidden (and cell) channels per cell.
        kernel_size (int): Gate convolution size (odd). Defaults to 3.
        peephole (bool): Learned peephole maps p_i, p_f, p_o of shape
            (D, H, W); needs ``spatial_size``. Defaults to False.
        bias_maps (bool): Learned per-position gate biases (4D, H, W) on top
            of the convolution biases; needs ``spatial_size``. Defaults to
            False.
        spatial_size (tuple[int, int], optional): (H, W) for the maps.
        groups (int): G, independent cells. Defaults to 1.

    Shapes:
        x: (N, G*C, H, W); h, c: (N, G*D, H, W), channels grouped by cell.
    """

    def __init__(self,
                 in_channels: int,
                 hidden_channels: int,
                 kernel_size: int = 3,
                 peephole: bool = False,
                 bias_maps: bool = False,
                 spatial_size: Optional[Sequence[int]] = None,
                 groups: int = 1):
        super().__init__()
        if (peephole or bias_maps) and spatial_size is None:
            raise ValueError('peephole and bias maps need spatial_size=(H, W)')
        self.in_channels = in_channels
        self.hidden_channels = hidden_channels
        self.groups = groups
        gates = 4 * hidden_channels * groups
        self.conv = nn.Conv2d(
            (in_channels + hidden_channels) * groups,
            gates,
            kernel_size,
            padding=kernel_size // 2,
            groups=groups,
            bias=False)
        self.input_bias = nn.Parameter(torch.zeros(gates))
        self.hidden_bias = nn.Parameter(torch.zeros(gates))
        height, width = spatial_size if spatial_size else (0, 0)
        self.peephole = nn.Parameter(
            torch.zeros(groups, 3, hidden_channels, height,
                        width)) if peephole else None
        self.bias_maps = nn.Parameter(torch.zeros(
            gates, height, width)) if bias_maps else None

    def init_state(self, x: Tensor) -> Tuple[Tensor, Tensor]:
        """Zero hidden and cell state for an input x (N, G*C, H, W)."""
        shape = (x.shape[0], self.groups * self.hidden_channels,
                 *x.shape[-2:])
        zeros = x.new_zeros(shape)
        return zeros, zeros

    def _conv(self, x: Tensor, part: slice,
              bias: Optional[Tensor] = None) -> Tensor:
        """The grouped convolution of x with the input (``part`` = the
        first C channels of each group's weight) or hidden half."""
        return F.conv2d(x, self.conv.weight[:, part], bias,
                        padding=self.conv.padding, groups=self.groups)

    def input_gates(self, x: Tensor) -> Tensor:
        """The state-independent part of the gates, for any number of
        frames in one call.

        Args:
            x (Tensor): Inputs, (N, G*C, H, W) (frames flattened into N).

        Returns:
            Tensor: (N, G*4D, H, W): ``W_x * x`` with both biases (added by
            the convolution call) and the bias maps.
        """
        gates = self._conv(x, slice(0, self.in_channels),
                           self.input_bias + self.hidden_bias)
        if self.bias_maps is not None:
            gates = gates + self.bias_maps
        return gates

    def step(self, x_gates: Tensor,
             state: Optional[Tuple[Tensor, Tensor]] = None
             ) -> Tuple[Tensor, Tensor]:
        """One time step from its input part.

        Args:
            x_gates (Tensor): :meth:`input_gates` of the frame,
                (N, G*4D, H, W).
            state (tuple[Tensor, Tensor], optional): h and c, each
                (N, G*D, H, W); None is the zero state (nothing to convolve).

        Returns:
            tuple[Tensor, Tensor]: The new h and c, each (N, G*D, H, W).
        """
        # channel splits only (no batch size): exported graphs keep their
        # dynamic batch
        gates = x_gates
        if state is not None:
            h, c = state
            gates = gates + self._conv(h, slice(self.in_channels, None))
            c = c.unflatten(1, (self.groups, self.hidden_channels))
        # (N, G, 4, D, H, W): gate order i, f, g, o within each cell
        i, f, g, o = gates.unflatten(
            1, (self.groups, 4, self.hidden_channels)).unbind(2)
        peephole = self.peephole is not None
        if peephole:
            p_i, p_f, p_o = self.peephole.unbind(dim=1)
        if state is None:  # c = 0: no forget or peephole term
            c = torch.sigmoid(i) * torch.tanh(g)
        else:
            if peephole:
                i = torch.addcmul(i, p_i, c)
                f = torch.addcmul(f, p_f, c)
            c = torch.addcmul(
                torch.sigmoid(f) * c, torch.sigmoid(i), torch.tanh(g))
        if peephole:
            o = torch.addcmul(o, p_o, c)
        h = torch.sigmoid(o) * torch.tanh(c)
        return h.flatten(1, 2), c.flatten(1, 2)

    def forward(self, x: Tensor,
                state: Tuple[Tensor, Tensor]) -> Tuple[Tensor, Tensor]:
        """One time step.

        Args:
            x (Tensor): Input, (N, G*C, H, W).
            state (tuple[Tensor, Tensor]): h and c, each (N, G*D, H, W).

        Returns:
            tuple[Tensor, Tensor]: The new h and c, each (N, G*D, H, W).
        """
        return self.step(self.input_gates(x), state)
