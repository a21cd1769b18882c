"""DeciWatch: denoise every n-th frame, then recover the whole window."""
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor, nn

from ..layers import (DetrDecoderLayer, DetrEncoderLayer,
                      SinePositionalEncoding1D)
from .base_temporal_coordinate_head import BaseTemporalCoordinateHead


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

        + w_stream * L1(recovered, gt at the last stream_lag + 1 frames)

    where ``accel(x)[t] = x[t+1] - 2 x[t] + x[t-1]`` (the third term, off by
    default as in the official code, is SmoothNet's acceleration loss; it
    counts a keypoint where all three frames are annotated), over annotated
    keypoints (``gt_instances.keypoints_visible``) of valid
    frames, with the target ``gt_instances.heatmap_keypoints`` normalised
    the same way.

    With ``score_input`` the input carries the detector's score of each
    keypoint after the coordinates, (B, T, C + K) (``PackWindowInputs``
    with ``score_key``), and DenoiseNet adds ``Linear(K -> d)`` of the
    sampled frames' scores to its embedding: a point the detector doubts
    can be trusted less. That projection starts at zero, so a score-aware
    head initialised from a checkpoint without it (``partial_load``)
    starts as that checkpoint's model. Scores of 1 everywhere are what an
    input without scores gives.

    Shapes: :meth:`forward` maps (B, T, C) (with ``score_input``
    (B, T, C + K)) -> (B, T, C).

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
        stream_lag (int, optional): Train for live refinement with this
            lag (:class:`~mmclimb.apis.StreamingRefiner`, which reads each
            frame from the windows ending up to ``stream_lag`` frames after
            it, i.e. at the last ``stream_lag + 1`` window positions): the
            ``loss_stream`` term above. Defaults to None (off).
        w_stream (float): Weight of ``loss_stream``. Defaults to 5.0 (as
            ``w_recover``).
        inference_stride (int, optional): Frames between window starts in
            :func:`~mmclimb.apis.refine_sequence`. Defaults to None:
            ``L - 1``, as the official code slides; 1 averages every
            frame over all L windows that hold it.
        score_input (bool): Take the detector's scores as a second input
            (above). Defaults to False.
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
                 stream_lag: Optional[int] = None,
                 w_stream: float = 5.0,
                 score_input: bool = False,
                 init_cfg: OptConfigType = None):
        super().__init__(
            heatmap_size=heatmap_size,
            input_centring=input_centring,
            init_cfg=init_cfg)
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
        if stream_lag is not None and not 0 <= stream_lag < seq_len:
            raise ValueError(f'stream_lag must be in [0, {seq_len - 1}] '
                             f'(a window of {seq_len}), got {stream_lag}')
        self.stream_lag = stream_lag
        self.w_stream = w_stream
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
        self.score_input = score_input
        self.score_embed = nn.Linear(num_keypoints, embed_dims) \
            if score_input else None
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
        if self.score_embed is not None:
            nn.init.zeros_(self.score_embed.weight)
            nn.init.zeros_(self.score_embed.bias)

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
        # index comparison, not torch.eye(dtype=bool): onnxruntime has no
        # boolean EyeLike
        index = torch.arange(length, device=device)
        itself = index[:, None] == index[None, :]
        return itself | ~keys_allowed

    # ------------------------------------------------------------------
    # the two networks
    # ------------------------------------------------------------------
    def denoise(self,
                coords: Tensor,
                scores: Optional[Tensor] = None
                ) -> Tuple[Tensor, Tensor, Tensor]:
        """DenoiseNet over a window.

        Args:
            coords (Tensor): (B, L, C); unsampled frames are ignored.
            scores (Tensor, optional): (B, L, K) the detector's scores
                (``score_input``); unsampled frames are ignored.

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
        if scores is not None:
            x = x + self.score_embed(scores * sampled[None, :, None])
        for layer in self.encoder:
            x = layer(x, pos, attn_mask=mask)
        if self.encoder_norm is not None:
            x = self.encoder_norm(x)
        denoised = self.denoise_out(x) + zeroed
        # frames 0, n, 2n, ... as a slice: the same as indexing with
        # ``sampled``, without a boolean index in the exported graph
        return denoised[:, ::self.sample_interval], x, pos

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

    def _centring_mean(self, feats: Tensor) -> Tensor:
        """(B, T, C) -> (B, 1, C): the mean over the sampled frames
        (0, n, 2n, ... as a slice, without a boolean index in the exported
        graph)."""
        return feats[:, ::self.sample_interval].mean(dim=1, keepdim=True)

    def _split(self, feats: Tensor) -> Tuple[Tensor, Optional[Tensor]]:
        """(B, T, C[+K]) -> coordinates (B, T, C) and, with
        ``score_input``, scores (B, T, K)."""
        channels = 2 * self.num_keypoints
        expected = channels + (self.num_keypoints if self.score_input else 0)
        if feats.shape[-1] != expected:
            raise ValueError(
                f'{type(self).__name__}: expected {expected} input channels '
                f'({channels} coordinates' +
                (f' + {self.num_keypoints} scores' if self.score_input
                 else '') + f'), got {feats.shape[-1]}')
        if not self.score_input:
            return feats, None
        return feats[..., :channels], feats[..., channels:]

    def _run(self, feats: Tensor) -> Tuple[Tensor, Tensor]:
        """Denoised sampled frames (B, L/n+1, C) and the recovered window
        (B, L, C), in the input's units."""
        coords, scores = self._split(feats)
        inputs, mean = self._centre(coords)
        # without scores, the one-argument call of the plain head
        denoised, memory, pos = self.denoise(inputs) if scores is None \
            else self.denoise(inputs, scores)
        recovered = self.recover(denoised, memory, pos)[0]
        return self._uncentre(denoised, mean), self._uncentre(recovered, mean)

    def forward(self, feats: Tensor) -> Tensor:
        """Recover a window from its sampled frames.

        Args:
            feats (Tensor): Noisy coordinates, (B, T, C), with
                ``score_input`` followed by the scores, (B, T, C + K).

        Returns:
            Tensor: Refined coordinates, (B, T, C), same units.
        """
        return self._run(feats)[1]

    # ------------------------------------------------------------------
    # training and prediction
    # ------------------------------------------------------------------
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
            ``w_accel``, ``loss_accel``, with ``stream_lag``,
            ``loss_stream``.
        """
        targets, weights = self._loss_targets(feats, batch_data_samples)
        denoised, recovered = self._run(feats)
        sampled = self.sampled(feats.shape[1], feats.device)
        losses = dict(
            loss_denoise=self.w_denoise * self._weighted_l1(
                denoised, targets[:, sampled], weights[:, sampled]),
            loss_recover=self.w_recover *
            self._weighted_l1(recovered, targets, weights))
        if self.w_accel > 0:
            losses['loss_accel'] = self.w_accel * self._accel_l1(
                recovered, targets, weights)
        if self.stream_lag is not None:
            last = slice(feats.shape[1] - 1 - self.stream_lag, None)
            losses['loss_stream'] = self.w_stream * self._weighted_l1(
                recovered[:, last], targets[:, last], weights[:, last])
        return losses
