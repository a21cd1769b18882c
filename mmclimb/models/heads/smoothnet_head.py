"""SmoothNet: one temporal network shared by every coordinate track."""
from typing import Optional, Tuple

import torch
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor, nn

from ..layers import SmoothNetResBlock
from .base_temporal_coordinate_head import BaseTemporalCoordinateHead


@MODELS.register_module()
class SmoothNetHead(BaseTemporalCoordinateHead):
    """SmoothNet (Zeng et al., ECCV 2022) on keypoint coordinates.

    Symbols: B windows, T frames per window, C = 2K coordinates per frame,
    d the hidden width, r the residual blocks' inner width. Each of the
    B * C coordinate tracks (T values) goes through the same network,
    with no mixing between keypoints or axes:

    1. ``encoder``: ``Linear(T -> d)``, LeakyReLU(0.1);
    2. ``blocks``: ``num_blocks`` :class:`~mmclimb.models.SmoothNetResBlock`
       (``Linear(d -> r)``, Dropout, LeakyReLU(0.2), ``Linear(r -> d)``,
       Dropout, LeakyReLU(0.2), plus the block's input);
    3. ``decoder``: ``Linear(d -> T)``: the refined track (the network
       outputs positions, not offsets from its input).

    Coordinates are in the units of the input (``PackWindowInputs`` with
    ``input_key='input_keypoints_norm'``: heatmap coordinates divided by
    ``(W - 1, H - 1)``; the official 2D inputs are image coordinates
    divided by the image size, minus 0.5: a constant offset per track,
    which the encoder's bias absorbs). Training loss, the official one::

        w_pos * L1(out, gt) + w_accel * L1(accel(out), accel(gt))

    with ``accel(x)[t] = x[t+1] - 2 x[t] + x[t-1]``, over annotated
    keypoints (``gt_instances.keypoints_visible``) of valid frames (an
    acceleration counts where its three frames are annotated), the target
    ``gt_instances.heatmap_keypoints`` normalised the same way.

    Shapes: :meth:`forward` maps (B, T, C) -> (B, T, C). On long videos
    :func:`~mmclimb.apis.refine_sequence` slides a window at every frame
    and averages each frame's outputs (the official evaluation's stride 1).

    Args:
        num_keypoints (int): K. Defaults to 25.
        seq_len (int): T, the window. Defaults to 8.
        hidden_dims (int): d. Defaults to 512.
        res_hidden_dims (int): r. Defaults to 256.
        num_blocks (int): Residual blocks. Defaults to 3.
        dropout (float): Dropout probability in the blocks. Defaults to 0.5.
            (The defaults are MMPose 0.x's ``SmoothNetFilter``.)
        heatmap_size (tuple[int, int]): (W, H), to map the output back to
            heatmap coordinates in prediction. Defaults to (56, 56).
        w_pos (float): Weight of the position L1 (``loss_pos``). Defaults
            to 1.0.
        w_accel (float): Weight of the acceleration L1 (``loss_accel``).
            Defaults to 0.1 (the official configs).
        input_centring (float, optional): Feed each track's offsets from
            its window mean times this gain and add the mean back to the
            output (the general refiners of real video, whose detector
            noise is a fraction of a percent of the box). Defaults to None
            (the official input).
        init_cfg (dict, optional): An mmengine init config; without one
            the layers keep PyTorch's default initialisation, as the
            official model.
    """

    def __init__(self,
                 num_keypoints: int = 25,
                 seq_len: int = 8,
                 hidden_dims: int = 512,
                 res_hidden_dims: int = 256,
                 num_blocks: int = 3,
                 dropout: float = 0.5,
                 heatmap_size: Tuple[int, int] = (56, 56),
                 w_pos: float = 1.0,
                 w_accel: float = 0.1,
                 input_centring: Optional[float] = None,
                 init_cfg: OptConfigType = None):
        super().__init__(
            heatmap_size=heatmap_size,
            input_centring=input_centring,
            init_cfg=init_cfg)
        if seq_len < 1:
            raise ValueError(f'seq_len must be >= 1, got {seq_len}')
        self.num_keypoints = num_keypoints
        self.seq_len = seq_len
        self.w_pos = w_pos
        self.w_accel = w_accel
        self.encoder = nn.Linear(seq_len, hidden_dims)
        self.encoder_act = nn.LeakyReLU(0.1)
        self.blocks = nn.Sequential(*(
            SmoothNetResBlock(hidden_dims, res_hidden_dims, dropout)
            for _ in range(num_blocks)))
        self.decoder = nn.Linear(hidden_dims, seq_len)

    def smooth(self, tracks: Tensor) -> Tensor:
        """The network on coordinate tracks.

        Args:
            tracks (Tensor): (N, T), one track a row.

        Returns:
            Tensor: (N, T).
        """
        return self.decoder(self.blocks(self.encoder_act(
            self.encoder(tracks))))

    def forward(self, feats: Tensor) -> Tensor:
        """Refine every coordinate track of a window.

        Args:
            feats (Tensor): Noisy coordinates, (B, T, C).

        Returns:
            Tensor: Refined coordinates, (B, T, C), same units.

        Raises:
            ValueError: T is not the head's ``seq_len``.
        """
        # the exported graph fixes T to the config's (only B is dynamic):
        # no shape check while tracing, which would bake in a Python bool
        if not torch.jit.is_tracing() and feats.shape[1] != self.seq_len:
            raise ValueError(
                f'SmoothNetHead(seq_len={self.seq_len}) got windows of '
                f'{feats.shape[1]} frames (input shape {tuple(feats.shape)}); '
                'the dataset seq_len and the head seq_len must agree')
        inputs, mean = self._centre(feats)
        out = self.smooth(inputs.transpose(1, 2)).transpose(1, 2)
        return self._uncentre(out, mean)

    def loss(self,
             feats: Tensor,
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Position and acceleration L1 losses (the official SmoothNet loss,
        over annotated keypoints).

        Args:
            feats (Tensor): Noisy coordinates, (B, T, C).
            batch_data_samples (list[PoseDataSample]): The windows, with
                the targets and weights that :meth:`_loss_targets` reads.
            train_cfg (dict): Unused.

        Returns:
            dict: ``loss_pos`` and, with ``w_accel``, ``loss_accel``.
        """
        targets, weights = self._loss_targets(feats, batch_data_samples)
        out = self.forward(feats)
        losses = dict(
            loss_pos=self.w_pos * self._weighted_l1(out, targets, weights))
        if self.w_accel > 0:
            losses['loss_accel'] = self.w_accel * self._accel_l1(
                out, targets, weights)
        return losses
