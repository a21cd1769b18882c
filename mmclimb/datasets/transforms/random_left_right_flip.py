"""Mirroring a window left/right inside each frame's box."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms.utils import cache_randomness
from mmpose.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomLeftRightFlip(BaseTransform):
    """Mirror every frame inside its box and swap the flip pairs.

    The box stays where it is; inside it (``docs/climbalong_format.md``):
    heatmap column ``i -> W-1-i``, heatmap coordinate ``u -> W-1-u``, image
    ``x -> x1 + x2 - x``; then keypoint ``k`` takes the place of
    ``flip_indices[k]``. Keys that are absent are skipped, so the transform
    works before or after projection and rendering.

    Required keys: ``flip_indices`` (K,), ``heatmap_size`` (W, H) and, for
    image keypoints, ``bboxes`` (T, 4).
    Modified keys (if present): heatmaps ``heatmaps``, ``target_heatmaps``
    (T, K, H, W); image keypoints ``keypoints`` (T, K, 2); heatmap
    keypoints ``heatmap_keypoints``, ``input_keypoints`` (T, K, 2) and
    ``input_keypoints_norm`` (in [0, 1]); per-keypoint values
    ``keypoints_visible``, ``keypoint_weights``, ``input_keypoints_scores``
    (T, K). Added: ``flip`` (bool).

    Args:
        prob (float): Probability of flipping. Defaults to 0.5.
    """

    HEATMAP_KEYS = ('heatmaps', 'target_heatmaps')
    IMAGE_KEYPOINT_KEYS = ('keypoints', )
    HEATMAP_KEYPOINT_KEYS = ('heatmap_keypoints', 'input_keypoints')
    NORM_KEYPOINT_KEYS = ('input_keypoints_norm', )
    PER_KEYPOINT_KEYS = ('keypoints_visible', 'keypoint_weights',
                         'input_keypoints_scores')

    def __init__(self, prob: float = 0.5):
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.prob = prob

    @cache_randomness
    def _do_flip(self) -> bool:
        return bool(np.random.rand() < self.prob)

    @staticmethod
    def _mirror_u(keypoints: np.ndarray, width: float) -> np.ndarray:
        """(T, K, 2) with the first coordinate mirrored as ``width - u``."""
        mirrored = keypoints.copy()
        mirrored[..., 0] = width - mirrored[..., 0]
        return mirrored

    def _flip_geometry(self, results: dict) -> None:
        width = results['heatmap_size'][0]
        for key in self.HEATMAP_KEYS:
            if key in results:
                results[key] = results[key][..., ::-1]
        for key in self.HEATMAP_KEYPOINT_KEYS:
            if key in results:
                results[key] = self._mirror_u(results[key], width - 1)
        for key in self.NORM_KEYPOINT_KEYS:
            if key in results:
                results[key] = self._mirror_u(results[key], 1.0)
        for key in self.IMAGE_KEYPOINT_KEYS:
            if key in results:
                x1_plus_x2 = (results['bboxes'][:, 0] +
                              results['bboxes'][:, 2])[:, None]
                flipped = results[key].copy()
                flipped[..., 0] = x1_plus_x2 - flipped[..., 0]
                results[key] = flipped

    def _swap_pairs(self, results: dict) -> None:
        flip_indices = np.asarray(results['flip_indices'])
        keys = (self.HEATMAP_KEYS + self.IMAGE_KEYPOINT_KEYS +
                self.HEATMAP_KEYPOINT_KEYS + self.NORM_KEYPOINT_KEYS +
                self.PER_KEYPOINT_KEYS)
        for key in keys:
            if key in results:
                results[key] = np.ascontiguousarray(
                    results[key][:, flip_indices])

    def transform(self, results: dict) -> dict:
        flip = self._do_flip()
        if flip:
            self._flip_geometry(results)
            self._swap_pairs(results)
        results['flip'] = flip
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(prob={self.prob})'
