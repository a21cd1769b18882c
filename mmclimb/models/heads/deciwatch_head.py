"""DeciWatch: denoise every n-th frame, then recover the whole window."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmengine.dist import all_reduce, get_world_size
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor, nn

from ..layers import (DetrDecoderLayer, DetrEncoderLayer,
                      SinePositionalEncoding1D)
from .base_temporal_coordinate_head import BaseTemporalCoordinateHead
from .loss_weight_check import warn_if_unweighted


def _second_difference(seq: Tensor) -> Tensor:
    """(B, T, C) -> (B, T - 2, C): ``x[t+1] - 2 x[t] + x[t-1]``."""
    return seq[:, 2:] - 2 * seq[:, 1:-1] + seq[:, :-2]


@MODELS.register_module()
class DeciWatchHead(BaseTemporalCoordinateHead):
    """DeciWatch (Zeng et al., ECCV 2022) on keypoint coordinates.

    Symbols: B windows, T = L frames per window, n the sample interval
    (``L = n * Q + 1``), C = 2K coordinates per frame, d channels. Frames
    ``0, n, 2n, ...`` are *sampled*; the others are zeroed in the input.

    1. DenoiseNet: ``Linear(C -> d)`` plus the sine positional embedding,
       a Transformer encoder whose attention lets no token attend to itself
       and only sampled tokens be attended to, ``Linear(d -> C)`` plus the
       zeroed input as a residual: the denoised sampled frames.
    2. Preliminary recovery: linear interpolation (``align_corners=True``)
       of the denoised sampled frames back to L frames.
    3. RecoverNet: ``Conv1d(C -> d, kernel 5, padding 2)`` over the
       interpolated sequence, a Transformer decoder cross-attending to the
       encoder output at the sampled frames, ``Linear(d -> C)`` plus the
       interpolated sequence as a residual: the recovered window.

    Coordinates are in the units of the input (``PackWindowInputs`` with
    ``input_key='input_keypoints_norm'``: heatmap coordinates divided by
    ``(W - 1, H - 1)``). Training loss::

        w_denoise * L1(denoised, gt at sampled frames)
            + w_recover * L1(recovered, gt at all frames)
            + w_accel * L1(accel(recovered), accel(gt))

    where ``accel(x)[t] = x[t+1] - 2 x[t] + x[t-1]`` (the last term, off by
    default as in the official code, is SmoothNet's acceleration loss; it
    counts a keypoint where all three frames are annotated), over annotated
    keypoints (``gt_instances.keypoints_visible``) of valid
    frames, with the target ``gt_instances.heatmap_keypoints`` normalised
    the same way.

    Shapes: :meth:`forward` maps (B, T, C) -> (B, T, C).

    Args:
        num_keypoints (int): K. Defaults to 25.
        seq_len (int): L. Defaults to 5.
        sample_interval (int): n; ``L - 1`` must be divisible by it.
            Defaults to 4.
        embed_dims (int): d. Defaults to 128.
        num_heads (int): Defaults to 4.
        num_encoder_layers (int): Defaults to 5.
        num_decoder_layers (int): Defaults to 5.
        ffn_dims (int): Defaults to 256.
        dropout (float): Defaults to 0.1.
        pre_norm (bool): Pre-norm layers (the thesis); the official 2D
            setting is post-norm. Defaults to True.
        heatmap_size (tuple[int, int]): (W, H), to map the output back to
            heatmap coordinates in prediction. Defaults to (56, 56).
        w_denoise (float): Weight of the denoising L1. Defaults to 1.0.
        w_recover (float): Weight (lambda) of the recovery L1. Defaults
            to 5.0.
        w_accel (float): Weight of the acceleration L1 (``loss_accel``).
            Defaults to 0 (not computed: the official loss).
        zero_init_outputs (bool): Start the two output projections at zero,
            so that an untrained model returns the linear interpolation of
            its sampled input frames instead of the large random offsets of
            the official Xavier initialisation (which take many thousands
            of steps to unlearn on a small dataset). Defaults to False
            (the official initialisation).
        input_centring (float, optional): Feed the network each keypoint's
            offsets from its mean over the window's sampled frames, times
            this gain, and add the mean back to its outputs: a window's
            noise is then a visible part of the input instead of a
            fraction of a percent of the coordinates (the general refiners
            of real video, whose detector noise is about 0.3% of the box).
            Defaults to None (the official input).
        inference_stride (int, optional): Frames between window starts in
            :func:`~mmclimb.apis.refine_sequence`. Defaults to None:
            ``L - 1``, as the official code slides; 1 averages every
            frame over all L windows that hold it.
        init_cfg (dict, optional): An mmengine init config applied by
            ``init_weights``; without one the Xavier-uniform initialisation
            done at construction stays.
    """

    def __init__(self,
                 num_keypoints: int = 25,
                 seq_len: int = 5,
                 sample_interval: int = 4,
                 embed_dims: int = 128,
                 num_heads: int = 4,
                 num_encoder_layers: int = 5,
                 num_decoder_layers: int = 5,
                 ffn_dims: int = 256,
                 dropout: float = 0.1,
                 pre_norm: bool = True,
                 heatmap_size: Tuple[int, int] = (56, 56),
                 w_denoise: float = 1.0,
                 w_recover: float = 5.0,
                 w_accel: float = 0.0,
                 zero_init_outputs: bool = False,
                 input_centring: Optional[float] = None,
                 inference_stride: Optional[int] = None,
                 init_cfg: OptConfigType = None):
        super().__init__(heatmap_size=heatmap_size, init_cfg=init_cfg)
        if (seq_len - 1) % sample_interval:
            raise ValueError(
                f'DeciWatch needs seq_len = n * Q + 1; seq_len={seq_len} '
                f'does not fit sample_interval={sample_interval}')
        channels = 2 * num_keypoints
        self.num_keypoints = num_keypoints
        self.seq_len = seq_len
        self.sample_interval = sample_interval
        self.w_denoise = w_denoise
        self.w_recover = w_recover
        self.w_accel = w_accel
        if inference_stride is not None and not \
                1 <= inference_stride <= seq_len:
            raise ValueError(f'inference_stride must be in [1, {seq_len}], '
                             f'got {inference_stride}')
        self._inference_stride = inference_stride
        if input_centring is not None and input_centring <= 0:
            raise ValueError(
                f'input_centring must be > 0, got {input_centring}')
        self.input_centring = input_centring
        layer = dict(
            embed_dims=embed_dims,
            num_heads=num_heads,
            ffn_dims=ffn_dims,
            dropout=dropout,
            pre_norm=pre_norm)
        self.pos_embed = SinePositionalEncoding1D(embed_dims)
        # DenoiseNet
        self.denoise_embed = nn.Linear(channels, embed_dims)
        self.encoder = nn.ModuleList(
            DetrEncoderLayer(**layer) for _ in range(num_encoder_layers))
        self.encoder_norm = nn.LayerNorm(embed_dims) if pre_norm else None
        self.denoise_out = nn.Linear(embed_dims, channels)
        # RecoverNet
        self.recover_embed = nn.Conv1d(
            channels, embed_dims, kernel_size=5, padding=2)
        self.decoder = nn.ModuleList(
            DetrDecoderLayer(**layer) for _ in range(num_decoder_layers))
        self.decoder_norm = nn.LayerNorm(embed_dims)
        self.recover_out = nn.Linear(embed_dims, channels)
        self._reset_parameters(zero_init_outputs)

    def _reset_parameters(self, zero_init_outputs: bool) -> None:
        """Xavier-uniform on every parameter with more than one dimension,
        as the official implementation initialises at construction; then,
        if asked, zero output projections."""
        for param in self.parameters():
            if param.dim() > 1:
                nn.init.xavier_uniform_(param)
        if zero_init_outputs:
            for layer in (self.denoise_out, self.recover_out):
                nn.init.zeros_(layer.weight)
                nn.init.zeros_(layer.bias)

    # ------------------------------------------------------------------
    # masks
    # ------------------------------------------------------------------
    @property
    def inference_stride(self) -> int:
        """Frames between window starts on long videos: by default
        ``n * Q = L - 1``, as the official DeciWatch slides (consecutive
        windows share their sampled end frame; every frame is covered)."""
        if self._inference_stride is not None:
            return self._inference_stride
        return self.seq_len - 1

    def sampled(self, length: int, device=None) -> Tensor:
        """(L,) bool, True at frames 0, n, 2n, ..."""
        index = torch.arange(length, device=device)
        return index % self.sample_interval == 0

    def encoder_mask(self, length: int, device=None) -> Tensor:
        """(L, L) bool, True where query i may not attend to key j: j is
        i itself or not sampled."""
        keys_allowed = self.sampled(length, device)[None, :]
        itself = torch.eye(length, dtype=torch.bool, device=device)
        return itself | ~keys_allowed

    # ------------------------------------------------------------------
    # the two networks
    # ------------------------------------------------------------------
    def denoise(self, coords: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        """DenoiseNet over a window.

        Args:
            coords (Tensor): (B, L, C); unsampled frames are ignored.

        Returns:
            tuple: denoised sampled frames (B, L/n+1, C), the encoder
            output (B, L, d) and the positional embedding (L, d).
        """
        length = coords.shape[1]
        sampled = self.sampled(length, coords.device)
        zeroed = coords * sampled[None, :, None]
        pos = self.pos_embed(length, coords.device).to(coords.dtype)
        mask = self.encoder_mask(length, coords.device)
        x = self.denoise_embed(zeroed)
        for layer in self.encoder:
            x = layer(x, pos, attn_mask=mask)
        if self.encoder_norm is not None:
            x = self.encoder_norm(x)
        denoised = self.denoise_out(x) + zeroed
        return denoised[:, sampled], x, pos

    def recover(self, denoised: Tensor, memory: Tensor,
                pos: Tensor) -> Tuple[Tensor, Tensor]:
        """Preliminary recovery and RecoverNet.

        Args:
            denoised (Tensor): Denoised sampled frames, (B, L/n+1, C).
            memory (Tensor): Encoder output, (B, L, d).
            pos (Tensor): Positional embedding, (L, d).

        Returns:
            tuple: the recovered window (B, L, C) and the interpolated one
            (B, L, C).
        """
        length = memory.shape[1]
        interpolated = F.interpolate(
            denoised.transpose(1, 2),
            size=length,
            mode='linear',
            align_corners=True)  # (B, C, L)
        x = self.recover_embed(interpolated).transpose(1, 2)
        unsampled = ~self.sampled(length, memory.device)
        memory_mask = unsampled[None].expand(memory.shape[0], -1)
        for layer in self.decoder:
            x = layer(x, pos, memory, pos, memory_mask=memory_mask)
        x = self.decoder_norm(x)
        interpolated = interpolated.transpose(1, 2)
        return self.recover_out(x) + interpolated, interpolated

    def _centre(self, feats: Tensor) -> Tuple[Tensor, Optional[Tensor]]:
        """The network's input (B, T, C) and the window means (B, 1, C)
        to add back (None without ``input_centring``)."""
        if self.input_centring is None:
            return feats, None
        sampled = self.sampled(feats.shape[1], feats.device)
        mean = feats[:, sampled].mean(dim=1, keepdim=True)
        return (feats - mean) * self.input_centring, mean

    def _uncentre(self, outputs: Tensor, mean: Optional[Tensor]) -> Tensor:
        """Network outputs back in the input's units."""
        if mean is None:
            return outputs
        return outputs / self.input_centring + mean

    def _run(self, feats: Tensor) -> Tuple[Tensor, Tensor]:
        """Denoised sampled frames (B, L/n+1, C) and the recovered window
        (B, L, C), in the input's units."""
        inputs, mean = self._centre(feats)
        denoised, memory, pos = self.denoise(inputs)
        recovered = self.recover(denoised, memory, pos)[0]
        return self._uncentre(denoised, mean), self._uncentre(recovered, mean)

    def forward(self, feats: Tensor) -> Tensor:
        """Recover a window from its sampled frames.

        Args:
            feats (Tensor): Noisy coordinates, (B, T, C).

        Returns:
            Tensor: Refined coordinates, (B, T, C), same units.
        """
        return self._run(feats)[1]

    # ------------------------------------------------------------------
    # training and prediction
    # ------------------------------------------------------------------
    def _normalised_targets(self, batch_data_samples) -> Tuple[Tensor,
                                                                Tensor]:
        """Targets (B, T, C) in input units and weights (B, T, C)."""
        scale = torch.tensor(
            [self.heatmap_size[0] - 1, self.heatmap_size[1] - 1],
            dtype=torch.float32)
        targets = torch.stack([
            s.gt_instances.heatmap_keypoints / scale
            for s in batch_data_samples
        ])
        weights = torch.stack(
            [s.gt_instances.keypoints_visible for s in batch_data_samples])
        weights = weights[..., None].expand_as(targets)
        return targets.flatten(2), weights.flatten(2)

    def _weighted_l1(self, pred: Tensor, target: Tensor,
                     weight: Tensor) -> Tensor:
        """Mean |pred - target| over entries with weight > 0 (0 if none).

        In distributed training the weight sum is averaged over the
        processes (as MMDetection's ``reduce_mean`` of positive counts), so
        that DDP's gradient average equals one process's mean over the whole
        batch even when the processes' windows have other visible counts.
        """
        total = weight.sum()
        if self.training and get_world_size() > 1:
            total = total.detach().clone()
            all_reduce(total, op='mean')  # in place
        return (weight * (pred - target).abs()).sum() / total.clamp(min=1)

    def loss(self,
             feats: Tensor,
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Denoising and recovery L1 losses.

        Args:
            feats (Tensor): Noisy coordinates, (B, T, C).
            batch_data_samples (list[PoseDataSample]): With
                ``gt_instances.heatmap_keypoints`` (T, K, 2) and
                ``gt_instances.keypoints_visible`` (T, K).
            train_cfg (dict): Unused.

        Returns:
            dict: ``loss_denoise``, ``loss_recover`` and, with
            ``w_accel``, ``loss_accel``.
        """
        targets, weights = self._normalised_targets(batch_data_samples)
        targets, weights = targets.to(feats), weights.to(feats)
        warn_if_unweighted(weights, type(self).__name__)
        denoised, recovered = self._run(feats)
        sampled = self.sampled(feats.shape[1], feats.device)
        losses = dict(
            loss_denoise=self.w_denoise * self._weighted_l1(
                denoised, targets[:, sampled], weights[:, sampled]),
            loss_recover=self.w_recover *
            self._weighted_l1(recovered, targets, weights))
        if self.w_accel > 0:
            losses['loss_accel'] = self.w_accel * self._weighted_l1(
                _second_difference(recovered),
                _second_difference(targets),
                weights[:, 2:] * weights[:, 1:-1] * weights[:, :-2])
        return losses
