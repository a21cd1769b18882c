"""bi-ConvLSTM Model S and Model C."""
from typing import List, Optional, Sequence, Tuple

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType
from torch import Tensor, nn

from ..layers import ConvLSTMCell
from .base_temporal_heatmap_head import BaseTemporalHeatmapHead

#: (out_channels, kernel_size) of each per-frame conv after the ConvLSTM.
MODEL_S_BRANCH = ((128, 3), (128, 3), (128, 3), (128, 1), (None, 1))
MODEL_C_BRANCH = ((128, 3), (128, 3), (128, 3))
MODEL_C_FUSION = ((128, 1), (None, 1))


@MODELS.register_module()
class BiConvLSTMHead(BaseTemporalHeatmapHead):
    """A forward and a backward ConvLSTM branch with per-frame convs.

    Symbols: B windows, T frames, K keypoints, H x W heatmaps, D hidden
    channels (K in the thesis).

    Each branch runs a ConvLSTM over the frames (the backward branch in
    reverse order, so every output frame sees the past through one branch
    and the future through the other), then per-frame convolutions:

    - ``fusion='sum'`` (Model S): per branch 3x3/128, 3x3/128, 3x3/128,
      1x1/128, 1x1/K, each followed by ReLU; the branches are summed.
    - ``fusion='concat'`` (Model C): per branch three 3x3/128 with ReLU;
      the branches are concatenated to 256 channels and go through 1x1/128
      and 1x1/K, with no activation on these two (as in the thesis's code).

    Both ConvLSTM cells run together as one grouped convolution: its input
    half once over all B*T frames, its hidden half per time step
    (:class:`~mmclimb.models.layers.ConvLSTMCell`). Each branch's per-frame
    convs then run over all B*T frames in one call per layer, in
    channels-last memory format (oneDNN's fast layout on the CPU; measured
    faster than one grouped call over both branches, see
    ``docs/benchmarks.md``).

    Shapes: (B, T, K, H, W) -> (B, T, K, H, W).

    Args:
        fusion (str): ``'sum'`` (Model S) or ``'concat'`` (Model C).
        num_keypoints (int): K. Defaults to 25.
        hidden_channels (int, optional): D; defaults to K.
        heatmap_size (tuple[int, int]): (W, H) for the peephole and bias
            maps. Defaults to (56, 56).
        peephole (bool): Learned peephole maps. Defaults to True.
        bias_maps (bool): Learned per-position gate biases. Defaults to
            True.
        branch_layers (Sequence, optional): ``(out_channels, kernel)`` per
            per-frame conv of a branch (``None`` channels means K); defaults
            to the thesis's list for ``fusion``.
        fusion_layers (Sequence, optional): The same for the convs after
            concatenation (``'concat'`` only).
        loss (dict): See :class:`BaseTemporalHeatmapHead`.
        init_cfg (dict, optional): Weight initialisation config.
    """

    def __init__(self,
                 fusion: str = 'sum',
                 num_keypoints: int = 25,
                 hidden_channels: Optional[int] = None,
                 heatmap_size: Sequence[int] = (56, 56),
                 peephole: bool = True,
                 bias_maps: bool = True,
                 branch_layers: Optional[Sequence[Tuple]] = None,
                 fusion_layers: Optional[Sequence[Tuple]] = None,
                 loss: ConfigType = dict(
                     type='KeypointMSELoss', use_target_weight=True),
                 init_cfg: OptConfigType = None):
        super().__init__(loss=loss, init_cfg=init_cfg)
        if fusion not in ('sum', 'concat'):
            raise ValueError(f"fusion must be 'sum' or 'concat', got "
                             f'{fusion!r}')
        self.fusion = fusion
        self.num_keypoints = num_keypoints
        hidden = hidden_channels or num_keypoints
        width, height = heatmap_size
        self.cell = ConvLSTMCell(
            num_keypoints,
            hidden,
            kernel_size=3,
            peephole=peephole,
            bias_maps=bias_maps,
            spatial_size=(height, width),
            groups=2)
        if branch_layers is None:
            branch_layers = MODEL_S_BRANCH if fusion == 'sum' \
                else MODEL_C_BRANCH
        if fusion_layers is None:
            fusion_layers = MODEL_C_FUSION if fusion == 'concat' else ()
        forward_branch, branch_out = self._conv_stack(
            hidden, branch_layers, relu=True)
        backward_branch, _ = self._conv_stack(
            hidden, branch_layers, relu=True)
        self.branches = nn.ModuleList([forward_branch, backward_branch])
        self.fuse, _ = self._conv_stack(
            2 * branch_out, fusion_layers, relu=False)
        for conv in self.modules():
            if isinstance(conv, nn.Conv2d):
                conv.to(memory_format=torch.channels_last)
        if fusion == 'sum' and branch_out != num_keypoints:
            raise ValueError('Model S branches must end with K channels, '
                             f'got {branch_out}')

    def _conv_stack(self, in_channels: int, layers: Sequence[Tuple],
                    relu: bool) -> Tuple[nn.Sequential, int]:
        """Convs, each followed by a ReLU if ``relu``.

        Returns the stack and its output channels.
        """
        modules: List[nn.Module] = []
        for out_channels, kernel in layers:
            out_channels = out_channels or self.num_keypoints
            modules.append(
                nn.Conv2d(
                    in_channels, out_channels, kernel,
                    padding=kernel // 2))
            if relu:
                modules.append(nn.ReLU(inplace=True))
            in_channels = out_channels
        return nn.Sequential(*modules), in_channels

    def _recurrence(self, feats: Tensor) -> Tensor:
        """Both ConvLSTM branches over the window.

        Args:
            feats (Tensor): (B, T, K, H, W).

        Returns:
            Tensor: (B, T, 2D, H, W): per frame, the forward branch's hidden
            state then the backward branch's, aligned to the same frame.
        """
        frames = feats.shape[1]
        # step t feeds frame t to the forward cell, frame T-1-t backward
        paired = torch.cat([feats, feats.flip(1)], dim=2)
        # the input half of every step's gates in one call over B*T frames
        # (B left to the reshape: an exported graph keeps a dynamic batch)
        x_gates = self.cell.input_gates(paired.flatten(0, 1)).unflatten(
            0, (-1, frames))
        # unbind, not x_gates[:, t]: each indexed step's backward would
        # zero-fill and add a gradient of the whole (B, T, ...) tensor
        state, hidden = None, []
        for frame_gates in x_gates.unbind(1):
            state = self.cell.step(frame_gates, state)
            hidden.append(state[0])
        hidden = torch.stack(hidden, dim=1)
        forward, backward = hidden.chunk(2, dim=2)
        return torch.cat([forward, backward.flip(1)], dim=2)

    def forward(self, feats: Tensor) -> Tensor:
        """Refine a batch of windows.

        Args:
            feats (Tensor): Heatmaps, (B, T, K, H, W).

        Returns:
            Tensor: Refined heatmaps, (B, T, K, H, W).
        """
        batch, frames = feats.shape[:2]
        hidden = self._recurrence(feats).flatten(0, 1)  # (B*T, 2D, H, W)
        outs = [
            branch(part.contiguous(memory_format=torch.channels_last))
            for branch, part in zip(self.branches, hidden.chunk(2, dim=1))
        ]
        if self.fusion == 'sum':
            out = outs[0] + outs[1]
        else:
            out = self.fuse(torch.cat(outs, dim=1))
        out = out.contiguous()  # back to (B*T, K, H, W) row-major
        return out.reshape(batch, frames, *out.shape[1:])
