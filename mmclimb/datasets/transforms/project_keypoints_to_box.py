"""Ground truth in the detector box's heatmap frame."""
from typing import Optional

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from mmclimb.structures import clip_to_heatmap, image_to_heatmap

from ..data_warning import warn_data


@TRANSFORMS.register_module()
class ProjectKeypointsToBox(BaseTransform):
    """Project image-pixel keypoints into each frame's box heatmap frame.

    Uses the convention of :mod:`mmclimb.structures.box_heatmap_coords`;
    the projection is clipped to the heatmap border, so a point outside the
    box sits on its edge (as the thesis's targets did). Annotated points on
    or outside the border are valid data and stay finite; a warning says so
    (a :class:`~mmclimb.datasets.DataWarning`: once per process).

    Required keys: ``keypoints`` (T, K, 2) image pixels, ``bboxes`` (T, 4),
    ``heatmap_size`` (W, H).
    Added keys: ``out_key`` (default ``heatmap_keypoints``), (T, K, 2)
    float32; with ``norm_key``, also the coordinates divided by
    ``(W - 1, H - 1)`` (the input of coordinate refiners).

    Args:
        keypoints_key (str): Input key. Defaults to ``'keypoints'``.
        out_key (str): Output key. Defaults to ``'heatmap_keypoints'``.
        clip (bool): Clip to ``[0, W-1] x [0, H-1]``. Defaults to True.
        norm_key (str, optional): Where to store the normalised
            coordinates. Defaults to None (not stored).
    """

    def __init__(self,
                 keypoints_key: str = 'keypoints',
                 out_key: str = 'heatmap_keypoints',
                 clip: bool = True,
                 norm_key: Optional[str] = None):
        self.keypoints_key = keypoints_key
        self.out_key = out_key
        self.clip = clip
        self.norm_key = norm_key

    def transform(self, results: dict) -> dict:
        size = results['heatmap_size']
        projected = image_to_heatmap(results[self.keypoints_key],
                                     results['bboxes'], size)
        if self.clip:
            self._warn_on_border(projected, results)
            projected = clip_to_heatmap(projected, size)
        results[self.out_key] = projected.astype('float32')
        if self.norm_key is not None:
            width, height = size
            results[self.norm_key] = (projected / np.array(
                [width - 1, height - 1])).astype('float32')
        return results

    @staticmethod
    def _warn_on_border(projected: np.ndarray, results: dict) -> None:
        """Warn when annotated points lie on or beyond the heatmap border."""
        width, height = results['heatmap_size']
        u, v = projected[..., 0], projected[..., 1]
        border = (u <= 0) | (v <= 0) | (u >= width - 1) | (v >= height - 1)
        visible = results.get('keypoints_visible')
        if visible is not None:
            border &= np.asarray(visible) > 0
        if border.any():
            warn_data(
                'annotated keypoints on or outside the box border are '
                'placed on the heatmap border', results.get('video', ''))
