"""Reversing the frame order of a window."""
from typing import Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms.utils import cache_randomness
from mmpose.registry import TRANSFORMS

#: Per-frame keys of the ClimbAlong pipeline (first axis = frames).
FRAME_KEYS = ('frame_ids', 'valid', 'heatmaps', 'bboxes', 'keypoints',
              'keypoints_visible', 'heatmap_keypoints', 'target_heatmaps',
              'keypoint_weights', 'input_keypoints', 'input_keypoints_scores',
              'input_keypoints_norm')


@TRANSFORMS.register_module()
class RandomTemporalFlip(BaseTransform):
    """Reverse the frames of a window with probability ``prob``.

    Motion played backwards is still plausible motion, so this doubles the
    temporal variety a refiner sees. Every present key of ``keys`` is
    reversed along its first (frame) axis; ``temporal_flip`` (bool) records
    whether it happened.

    Args:
        prob (float): Probability of flipping. Defaults to 0.5.
        keys (Sequence[str]): Per-frame keys. Defaults to
            :data:`FRAME_KEYS`.
    """

    def __init__(self, prob: float = 0.5, keys: Sequence[str] = FRAME_KEYS):
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.prob = prob
        self.keys = tuple(keys)

    @cache_randomness
    def _do_flip(self) -> bool:
        return bool(np.random.rand() < self.prob)

    def transform(self, results: dict) -> dict:
        flip = self._do_flip()
        if flip:
            for key in self.keys:
                if key in results:
                    results[key] = np.ascontiguousarray(results[key][::-1])
        results['temporal_flip'] = flip
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(prob={self.prob})'
