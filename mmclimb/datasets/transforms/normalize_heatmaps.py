"""Detector heatmap normalisation for refiner inputs."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from ..data_warning import warn_data


@TRANSFORMS.register_module()
class NormalizeHeatmaps(BaseTransform):
    """Set negative logits to 0 and normalise each heatmap channel.

    Required keys: ``key`` (default ``heatmaps``), (T, K, H, W) float32.
    Modified keys: ``key``.

    A channel that is zero everywhere after clipping (an all-negative
    detector output) stays zero and a warning is issued.

    Args:
        mode (str): ``'sum'``: each channel sums to 1 (thesis). ``'max'``:
            each channel's maximum becomes ``max_value``. Defaults to
            ``'sum'``.
        max_value (float): Peak value in ``'max'`` mode (the thesis text
            says 255). Defaults to 1.0.
        key (str): The results key to normalise. Defaults to ``'heatmaps'``.
    """

    def __init__(self,
                 mode: str = 'sum',
                 max_value: float = 1.0,
                 key: str = 'heatmaps'):
        if mode not in ('sum', 'max'):
            raise ValueError(f"mode must be 'sum' or 'max', got {mode!r}")
        self.mode = mode
        self.max_value = max_value
        self.key = key

    def transform(self, results: dict) -> dict:
        heatmaps = np.maximum(results[self.key], 0)
        if self.mode == 'sum':
            scale = heatmaps.sum(axis=(-2, -1), keepdims=True)
        else:
            scale = heatmaps.max(axis=(-2, -1), keepdims=True) / \
                self.max_value
        empty = scale <= 0
        if empty.any():
            warn_data(
                'heatmap channels with no positive value (missed '
                'detections) are left at zero', results.get('video', ''))
        # in place: an empty channel is already all zero after the clip
        results[self.key] = np.divide(
            heatmaps, scale, out=heatmaps, where=~empty)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(mode={self.mode!r}, '
                f'max_value={self.max_value}, key={self.key!r})')
