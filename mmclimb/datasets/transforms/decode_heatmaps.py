"""Keypoint coordinates decoded from heatmaps (for coordinate models)."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from mmclimb.structures import heatmap_argmax, refine_quarter_pixel

from ..data_warning import warn_data


@TRANSFORMS.register_module()
class DecodeHeatmaps(BaseTransform):
    """Per-frame argmax of heatmaps, optionally refined to sub-pixel.

    Required keys: ``key`` (T, K, H, W), ``heatmap_size`` (W, H).
    Added keys:

    - ``out_key`` (default ``input_keypoints``): (T, K, 2) heatmap
      coordinates (integers unless ``subpixel``);
    - ``out_key + '_scores'``: (T, K) heatmap value at the maximum;
    - ``out_key + '_norm'``: (T, K, 2) coordinates divided by
      ``(W - 1, H - 1)``, i.e. in [0, 1], for coordinate models such as
      DeciWatch.

    A flat channel (all values equal, e.g. all zero after
    :class:`NormalizeHeatmaps` of an all-negative detector output) has no
    maximum: it decodes to (0, 0) with its constant value as the score and a
    warning is issued.

    Args:
        key (str): Heatmaps to decode. Defaults to ``'heatmaps'``.
        out_key (str): Defaults to ``'input_keypoints'``.
        subpixel (bool): Shift each maximum a quarter pixel towards the
            higher neighbour. Defaults to False.
    """

    def __init__(self,
                 key: str = 'heatmaps',
                 out_key: str = 'input_keypoints',
                 subpixel: bool = False):
        self.key = key
        self.out_key = out_key
        self.subpixel = subpixel

    def transform(self, results: dict) -> dict:
        heatmaps = results[self.key]
        positions, scores = heatmap_argmax(heatmaps)
        self._warn_flat(heatmaps, scores, results.get('video', ''))
        if self.subpixel:
            positions = refine_quarter_pixel(positions, heatmaps)
        width, height = results['heatmap_size']
        results[self.out_key] = positions
        results[f'{self.out_key}_scores'] = scores.astype(np.float32)
        results[f'{self.out_key}_norm'] = positions / np.array(
            [width - 1, height - 1], dtype=np.float32)
        return results

    @staticmethod
    def _warn_flat(heatmaps: np.ndarray, maxima: np.ndarray,
                   video: str) -> None:
        """Warn about channels whose maximum (the decoded score) equals
        their minimum."""
        flat = maxima == heatmaps.min(axis=(-2, -1))
        if flat.any():
            warn_data(
                'flat heatmap channels (no maximum) are decoded to (0, 0) '
                'with their constant score', video)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(key={self.key!r}, '
                f'out_key={self.out_key!r}, subpixel={self.subpixel})')
