"""A pose estimator for windows of detector output: a head, no backbone."""
from typing import List, Optional

import torch
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from mmpose.models.pose_estimators.base import BasePoseEstimator
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, SampleList
from torch import Tensor

from mmclimb.structures import heatmap_to_image


@MODELS.register_module()
class TemporalPoseEstimator(BasePoseEstimator):
    """Refine windows of per-frame detector output with a temporal head.

    Symbols: B windows, T frames, K keypoints, H x W heatmaps.

    The packed window (``PackWindowInputs``) is the input: heatmaps
    (B, T, K, H, W) or coordinates (B, T, 2K). There is no image backbone;
    the head is the whole model. In training the head computes the loss; in
    prediction it returns per-frame keypoints in heatmap coordinates, which
    are mapped back to image pixels through each frame's detector box
    (``gt_instances.bboxes``) into ``PoseDataSample.pred_instances``:

    - ``keypoints`` (T, K, 2) image pixels;
    - ``keypoint_scores`` (T, K);
    - ``heatmap_keypoints`` (T, K, 2) heatmap coordinates.

    Args:
        head (dict): The temporal head's config.
        train_cfg (dict, optional): Passed to the head's ``loss``.
        test_cfg (dict, optional): Passed to the head's ``predict``;
            ``compute_loss=True`` also stores each validation batch's loss
            as ``val_loss`` on its windows.
        data_preprocessor (dict, optional): Defaults to mmengine's
            ``BaseDataPreprocessor`` (moves data to the device).
        init_cfg (dict, optional): Weight initialisation config.
        metainfo (dict, optional): Keypoint meta-info to set on the
            predicted samples (MMPose's ``metainfo`` argument).
    """

    def __init__(self,
                 head: ConfigType,
                 train_cfg: OptConfigType = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptConfigType = None,
                 metainfo: Optional[dict] = None):
        # BasePoseEstimator.__init__ would build an image backbone; this
        # estimator has none, so it initialises the BaseModel itself.
        BaseModel.__init__(
            self, data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.metainfo = self._load_metainfo(metainfo)
        self.train_cfg = train_cfg if train_cfg else {}
        self.test_cfg = test_cfg if test_cfg else {}
        self.head = MODELS.build(head)
        self.head.test_cfg = self.test_cfg.copy()

    def extract_feat(self, inputs: Tensor) -> Tensor:
        """No backbone: the window itself is the head's input."""
        return inputs

    def _forward(self, inputs: Tensor, data_samples: SampleList = None):
        """The head's raw output for ``inputs`` (``'tensor'`` mode)."""
        return self.head.forward(inputs)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> dict:
        """The head's losses for a batch of windows."""
        return self.head.loss(inputs, data_samples, train_cfg=self.train_cfg)

    @torch.inference_mode()
    def predict(self, inputs: Tensor, data_samples: SampleList) -> SampleList:
        """Per-frame keypoints of every window, in image pixels.

        With ``test_cfg.compute_loss`` the batch's training loss is stored
        on every window as ``val_loss`` (for ``WindowLossMetric``).
        """
        preds = self.head.predict(inputs, data_samples, test_cfg=self.test_cfg)
        if self.test_cfg.get('compute_loss', False):
            loss = sum(self.loss(inputs, data_samples).values()).item()
            for sample in data_samples:
                sample.set_field(loss, 'val_loss')
        return self.add_pred_to_datasample(preds, data_samples)

    def add_pred_to_datasample(self, batch_pred_instances: List[InstanceData],
                               batch_data_samples: SampleList) -> SampleList:
        """Map head predictions to image pixels and attach them.

        Args:
            batch_pred_instances (list[InstanceData]): Per window,
                ``heatmap_keypoints`` (T, K, 2) and ``keypoint_scores``
                (T, K).
            batch_data_samples (list[PoseDataSample]): The windows, with
                ``gt_instances.bboxes`` (T, 4) and ``heatmap_size``.

        Returns:
            list[PoseDataSample]: ``batch_data_samples`` with
            ``pred_instances`` set.
        """
        for pred, sample in zip(batch_pred_instances, batch_data_samples):
            bboxes = sample.gt_instances.bboxes.to(pred.heatmap_keypoints)
            pred.keypoints = heatmap_to_image(pred.heatmap_keypoints, bboxes,
                                              sample.heatmap_size)
            sample.pred_instances = pred
        return batch_data_samples
