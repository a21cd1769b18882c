"""Shared behaviour of temporal heads on heatmaps."""
from typing import List, Sequence

import torch
from mmengine.structures import InstanceData
from mmpose.models.heads.base_head import BaseHead
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor

from mmclimb.structures import (HEATMAP_PREDICTION, PREDICTION_SOURCE_KEY,
                                heatmap_argmax, refine_gaussian_peak)

from .loss_weight_check import warn_if_unweighted


class BaseTemporalHeatmapHead(BaseHead):
    """A temporal head mapping heatmap windows to refined heatmap windows.

    Symbols: B windows, T frames, K keypoints, H x W heatmaps.

    Subclasses implement :meth:`forward`: (B, T, K, H, W) -> (B, T, K, H, W).
    This class supplies the loss against ``gt_instances.heatmaps`` (the
    rendered targets) weighted by ``gt_instances.keypoint_weights`` (0 for
    unannotated points and padding frames), and the prediction
    (:meth:`decode`): each output heatmap's integer argmax (the thesis), or
    with ``subpixel_decoding`` its log-parabola sub-pixel maximum
    (:func:`~mmclimb.structures.refine_gaussian_peak`), as
    ``heatmap_keypoints`` and its value as ``keypoint_scores``, tagged
    ``prediction_source='heatmaps'``
    (:mod:`~mmclimb.structures.prediction_source`).

    Args:
        loss (dict): The heatmap loss, called on (B*T, K, H, W). Defaults to
            MMPose's ``KeypointMSELoss`` with target weights.
        subpixel_decoding (bool): Decode sub-pixel maxima. Defaults to
            False (integer argmax, as the thesis).
        init_cfg (dict, optional): Weight initialisation config.
    """

    def __init__(self,
                 loss: ConfigType = dict(
                     type='KeypointMSELoss', use_target_weight=True),
                 subpixel_decoding: bool = False,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg=init_cfg)
        self.loss_module = MODELS.build(loss)
        self.subpixel_decoding = subpixel_decoding

    @staticmethod
    def _stack_field(batch_data_samples: Sequence, field: str) -> Tensor:
        """A ``gt_instances`` field of every window, stacked: (B, T, ...)."""
        return torch.stack(
            [sample.gt_instances.get(field) for sample in batch_data_samples])

    def loss(self,
             feats: Tensor,
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Weighted heatmap loss of the refined windows.

        Args:
            feats (Tensor): Input heatmaps, (B, T, K, H, W).
            batch_data_samples (list[PoseDataSample]): With
                ``gt_instances.heatmaps`` (T, K, H, W) and
                ``gt_instances.keypoint_weights`` (T, K).
            train_cfg (dict): Unused.

        Returns:
            dict: ``loss_kpt``.
        """
        outputs = self.forward(feats)
        targets = self._stack_field(batch_data_samples, 'heatmaps')
        weights = self._stack_field(batch_data_samples, 'keypoint_weights')
        warn_if_unweighted(weights, type(self).__name__)
        frames = outputs.shape[0] * outputs.shape[1]
        loss = self.loss_module(
            outputs.flatten(0, 1), targets.flatten(0, 1).to(outputs),
            weights.reshape(frames, -1).to(outputs))
        return dict(loss_kpt=loss)

    def decode(self, outputs: Tensor):
        """Maxima of refined heatmaps.

        Args:
            outputs (Tensor): (..., K, H, W) heatmaps.

        Returns:
            tuple: positions (..., K, 2) heatmap coordinates and values
            (..., K).
        """
        positions, scores = heatmap_argmax(outputs)
        if self.subpixel_decoding:
            positions = refine_gaussian_peak(positions, outputs)
        return positions, scores

    def predict(self,
                feats: Tensor,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> List[InstanceData]:
        """The maxima of every refined heatmap (:meth:`decode`).

        Args:
            feats (Tensor): Input heatmaps, (B, T, K, H, W).
            batch_data_samples (list[PoseDataSample]): The windows.
            test_cfg (dict): ``output_heatmaps=True`` also returns the
                refined heatmaps as ``heatmaps``.

        Returns:
            list[InstanceData]: Per window, ``heatmap_keypoints`` (T, K, 2)
            and ``keypoint_scores`` (T, K); metainfo
            ``prediction_source='heatmaps'``.
        """
        # float32 for decoding, also under bf16/fp16 autocast
        outputs = self.forward(feats).float()
        positions, scores = self.decode(outputs)
        preds = []
        for i in range(outputs.shape[0]):
            pred = InstanceData(
                metainfo={PREDICTION_SOURCE_KEY: HEATMAP_PREDICTION},
                heatmap_keypoints=positions[i],
                keypoint_scores=scores[i])
            if test_cfg.get('output_heatmaps', False):
                pred.heatmaps = outputs[i]
            preds.append(pred)
        return preds
