"""Packing a window into ``inputs`` and a ``PoseDataSample``."""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData
from mmpose.registry import TRANSFORMS
from mmpose.structures import PoseDataSample


@TRANSFORMS.register_module()
class PackWindowInputs(BaseTransform):
    """Pack a window in MMPose's style: one data sample per window.

    The frames of the window play the role of MMPose's instances: every
    per-frame array goes into ``gt_instances`` (an ``InstanceData`` of length
    T) as a tensor, every key of ``meta_keys`` into the metainfo.

    Symbols: T frames, K keypoints, H x W heatmaps.

    Required keys: ``input_key``. Optional keys, packed when present, see
    :attr:`INSTANCE_FIELDS` and ``meta_keys``.

    Returns ``dict(inputs=Tensor, data_samples=PoseDataSample)`` with inputs
    (T, K, H, W) for heatmaps or (T, 2K) for keypoints (T, K, 2), flattened
    as ``x0, y0, x1, y1, ...``; with ``score_key`` the keypoints' scores
    (T, K) follow, (T, 3K) (a score-aware ``DeciWatchHead``).

    Args:
        input_key (str): The model input: ``'heatmaps'`` for heatmap models,
            ``'input_keypoints_norm'`` for coordinate models. Defaults to
            ``'heatmaps'``.
        meta_keys (Sequence[str]): Keys stored as metainfo.
        score_key (str, optional): Scores (T, K) appended to keypoint
            inputs, e.g. ``'input_scores'``
            (:class:`SimulateDetectorScores`). Defaults to None.
    """

    #: results key -> gt_instances field
    INSTANCE_FIELDS: Dict[str, str] = dict(
        bboxes='bboxes',
        keypoints='keypoints',
        keypoints_visible='keypoints_visible',
        heatmap_keypoints='heatmap_keypoints',
        keypoint_weights='keypoint_weights',
        target_heatmaps='heatmaps',
        input_keypoints='input_keypoints',
        input_keypoints_scores='input_scores')

    def __init__(self,
                 input_key: str = 'heatmaps',
                 meta_keys: Sequence[str] = ('video', 'window', 'frame_ids',
                                             'valid', 'heatmap_size',
                                             'flip_indices', 'dataset_name',
                                             'sample_idx', 'flip',
                                             'temporal_flip'),
                 score_key: Optional[str] = None):
        self.input_key = input_key
        self.meta_keys = tuple(meta_keys)
        self.score_key = score_key

    def _inputs(self, results: dict) -> torch.Tensor:
        inputs = torch.from_numpy(
            np.ascontiguousarray(results[self.input_key], dtype=np.float32))
        if inputs.ndim == 3 and inputs.shape[-1] == 2:  # (T, K, 2)
            inputs = inputs.reshape(inputs.shape[0], -1)
        if self.score_key is not None:
            if inputs.ndim != 2:
                raise ValueError(f'{type(self).__name__}: score_key needs '
                                 f'keypoint inputs (T, K, 2), got '
                                 f'{self.input_key!r} of shape '
                                 f'{tuple(results[self.input_key].shape)}')
            scores = torch.from_numpy(np.ascontiguousarray(
                results[self.score_key], dtype=np.float32))
            inputs = torch.cat([inputs, scores.reshape(len(inputs), -1)], 1)
        return inputs

    def _gt_instances(self, results: dict) -> InstanceData:
        instances = InstanceData()
        for key, field in self.INSTANCE_FIELDS.items():
            if key in results:
                value = np.ascontiguousarray(results[key])
                instances.set_field(torch.from_numpy(value), field)
        return instances

    def transform(self, results: dict) -> dict:
        data_sample = PoseDataSample()
        data_sample.gt_instances = self._gt_instances(results)
        data_sample.set_metainfo(
            {key: results[key]
             for key in self.meta_keys if key in results})
        return dict(inputs=self._inputs(results), data_samples=data_sample)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(input_key={self.input_key!r}, '
                f'meta_keys={self.meta_keys}, score_key={self.score_key!r})')
