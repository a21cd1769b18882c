"""Shared prediction, losses and input centring of temporal heads on
coordinate sequences."""
from typing import List, Optional, Tuple

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.structures import InstanceData
from mmpose.models.heads.base_head import BaseHead
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor

from mmclimb.structures import COORDINATE_PREDICTION, PREDICTION_SOURCE_KEY

from .loss_weight_check import warn_if_unweighted


def second_difference(seq: Tensor) -> Tensor:
    """(B, T, C) -> (B, T - 2, C): ``x[t+1] - 2 x[t] + x[t-1]``."""
    return seq[:, 2:] - 2 * seq[:, 1:-1] + seq[:, :-2]


class BaseTemporalCoordinateHead(BaseHead):
    """A temporal head mapping coordinate sequences to coordinate sequences.

    Symbols: B windows, T frames, K keypoints, C = 2K coordinates per frame
    (``x0, y0, x1, y1, ...``), heatmap coordinates divided by
    ``(W - 1, H - 1)`` (the coordinate pipeline's ``input_keypoints_norm``).

    Subclasses implement :meth:`forward`: (B, T, C) -> (B, T, C) in the
    input's units, and :meth:`loss`. This class supplies the prediction
    (the output mapped back to heatmap coordinates, continuous, tagged
    ``prediction_source='coordinates'``,
    :mod:`~mmclimb.structures.prediction_source`), the loss targets and
    weights from the data samples (``gt_instances.heatmap_keypoints``
    (T, K, 2), ``gt_instances.keypoints_visible`` (T, K)), the weighted
    L1 of positions and of accelerations, and the optional input centring.

    Args:
        heatmap_size (tuple[int, int]): (W, H), to map the output back to
            heatmap coordinates in prediction. Defaults to (56, 56).
        input_centring (float, optional): Feed the network each coordinate
            track's offsets from its window mean (:meth:`_centring_mean`)
            times this gain, and add the mean back to its outputs.
            Defaults to None (the input as it is).
        init_cfg (dict, optional): Weight initialisation config.
    """

    def __init__(self,
                 heatmap_size: Tuple[int, int] = (56, 56),
                 input_centring: Optional[float] = None,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg=init_cfg)
        self.heatmap_size = tuple(heatmap_size)
        if input_centring is not None and input_centring <= 0:
            raise ValueError(
                f'input_centring must be > 0, got {input_centring}')
        self.input_centring = input_centring

    # ------------------------------------------------------------------
    # input centring
    # ------------------------------------------------------------------
    def _centring_mean(self, feats: Tensor) -> Tensor:
        """(B, T, C) -> (B, 1, C): the mean over the window's frames."""
        return feats.mean(dim=1, keepdim=True)

    def _centre(self, feats: Tensor) -> Tuple[Tensor, Optional[Tensor]]:
        """The network's input (B, T, C) and the window means (B, 1, C)
        to add back (None without ``input_centring``)."""
        if self.input_centring is None:
            return feats, None
        mean = self._centring_mean(feats)
        return (feats - mean) * self.input_centring, mean

    def _uncentre(self, outputs: Tensor, mean: Optional[Tensor]) -> Tensor:
        """Network outputs back in the input's units."""
        if mean is None:
            return outputs
        return outputs / self.input_centring + mean

    # ------------------------------------------------------------------
    # losses
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

    def _loss_targets(self, feats: Tensor,
                      batch_data_samples) -> Tuple[Tensor, Tensor]:
        """:meth:`_normalised_targets` on ``feats``' device and dtype, with
        a warning when no weight of the batch is positive."""
        targets, weights = self._normalised_targets(batch_data_samples)
        targets, weights = targets.to(feats), weights.to(feats)
        warn_if_unweighted(weights, type(self).__name__)
        return targets, weights

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

    def _accel_l1(self, pred: Tensor, target: Tensor,
                  weight: Tensor) -> Tensor:
        """Weighted L1 of the second differences of (B, T, C) sequences;
        an entry counts where all three of its frames have weight (their
        product)."""
        return self._weighted_l1(
            second_difference(pred), second_difference(target),
            weight[:, 2:] * weight[:, 1:-1] * weight[:, :-2])

    # ------------------------------------------------------------------
    # prediction
    # ------------------------------------------------------------------
    def predict(self,
                feats: Tensor,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> List[InstanceData]:
        """Refined keypoints in heatmap coordinates.

        Args:
            feats (Tensor): Normalised coordinates, (B, T, C).
            batch_data_samples (list[PoseDataSample]): The windows (unused).
            test_cfg (dict): Unused.

        Returns:
            list[InstanceData]: Per window ``heatmap_keypoints`` (T, K, 2)
            and ``keypoint_scores`` (T, K) (ones: a coordinate model has no
            confidence of its own); metainfo
            ``prediction_source='coordinates'``.
        """
        out = self.forward(feats).float()  # also under autocast
        batch, frames = out.shape[:2]
        scale = out.new_tensor(
            [self.heatmap_size[0] - 1, self.heatmap_size[1] - 1])
        keypoints = out.reshape(batch, frames, -1, 2) * scale
        return [
            InstanceData(
                metainfo={PREDICTION_SOURCE_KEY: COORDINATE_PREDICTION},
                heatmap_keypoints=kpts,
                keypoint_scores=kpts.new_ones(kpts.shape[:2]))
            for kpts in keypoints
        ]
