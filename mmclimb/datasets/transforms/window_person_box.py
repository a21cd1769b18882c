"""One person box for every frame of a window."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from mmclimb.structures import window_boxes


@TRANSFORMS.register_module()
class WindowPersonBox(BaseTransform):
    """The window's square person box, the same for all its frames.

    Symbols: T frames, K keypoints. The box is
    :func:`~mmclimb.structures.window_boxes` of the (noisy) input keypoints:
    the median frame extent, square, ``margin`` larger. It is what
    :func:`~mmclimb.apis.refine_sequence` computes for each window of a
    refiner whose pipeline has this transform, so training and inference
    normalise alike and a box never adds jitter inside a window.

    Required keys: ``keypoints_key`` (T, K, 2) image pixels; optional
    ``visible_key`` (T, K).
    Added keys: ``bboxes`` (T, 4) float32, every row the window's box.

    Args:
        keypoints_key (str): Defaults to ``'input_keypoints'``.
        visible_key (str): Defaults to ``'input_visible'``.
        margin (float): Relative growth of the side. Defaults to 0.1.
    """

    def __init__(self,
                 keypoints_key: str = 'input_keypoints',
                 visible_key: str = 'input_visible',
                 margin: float = 0.1):
        self.keypoints_key = keypoints_key
        self.visible_key = visible_key
        self.margin = margin

    def transform(self, results: dict) -> dict:
        keypoints = np.asarray(results[self.keypoints_key])
        box = window_boxes(keypoints, results.get(self.visible_key),
                           self.margin)
        results['bboxes'] = np.repeat(box[None], len(keypoints), axis=0)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(keypoints_key='
                f'{self.keypoints_key!r}, margin={self.margin})')
