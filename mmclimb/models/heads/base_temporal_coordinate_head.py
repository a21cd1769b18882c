"""Shared prediction of temporal heads on coordinate sequences."""
from typing import List, Tuple

from mmengine.structures import InstanceData
from mmpose.models.heads.base_head import BaseHead
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor

from mmclimb.structures import COORDINATE_PREDICTION, PREDICTION_SOURCE_KEY


class BaseTemporalCoordinateHead(BaseHead):
    """A temporal head mapping coordinate sequences to coordinate sequences.

    Symbols: B windows, T frames, K keypoints, C = 2K coordinates per frame
    (``x0, y0, x1, y1, ...``), heatmap coordinates divided by
    ``(W - 1, H - 1)`` (the coordinate pipeline's ``input_keypoints_norm``).

    Subclasses implement :meth:`forward`: (B, T, C) -> (B, T, C) in the
    input's units, and :meth:`loss`. This class supplies the prediction:
    the output mapped back to heatmap coordinates, continuous, tagged
    ``prediction_source='coordinates'``
    (:mod:`~mmclimb.structures.prediction_source`).

    Args:
        heatmap_size (tuple[int, int]): (W, H), to map the output back to
            heatmap coordinates in prediction. Defaults to (56, 56).
        init_cfg (dict, optional): Weight initialisation config.
    """

    def __init__(self,
                 heatmap_size: Tuple[int, int] = (56, 56),
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg=init_cfg)
        self.heatmap_size = tuple(heatmap_size)

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
