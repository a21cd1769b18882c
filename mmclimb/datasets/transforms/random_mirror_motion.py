"""Mirrored 3D motion: the same movement by a mirror-image person."""
from typing import Optional

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from .window_rng import window_rng


@TRANSFORMS.register_module()
class RandomMirrorMotion(BaseTransform):
    """Mirror 3D keypoints through the world's x = 0 plane.

    Symbols: T frames, K keypoints. x is negated and left and right
    keypoints trade places (``flip_indices``), so a left hand stays a left
    hand of the mirrored person: the motion of a left-handed twin.

    Required keys: ``keypoints_3d`` (T, K, 3), ``keypoints_visible``
    (T, K), ``flip_indices`` (K,). Optional: ``sample_idx``.
    Modified keys: ``keypoints_3d``, ``keypoints_visible``; added
    ``mirrored`` (bool).

    Args:
        prob (float): Probability of mirroring. Defaults to 0.5.
        seed (int, optional): Fixed draws per window (validation).
    """

    def __init__(self, prob: float = 0.5, seed: Optional[int] = None):
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        self.prob = prob
        self.seed = seed

    def transform(self, results: dict) -> dict:
        rng = window_rng(self.seed, results.get('sample_idx'))
        mirrored = bool(rng.random() < self.prob)
        results['mirrored'] = mirrored
        if not mirrored:
            return results
        flip = np.asarray(results['flip_indices'])
        motion = np.array(results['keypoints_3d'], dtype=np.float64)[:, flip]
        motion[..., 0] *= -1
        results['keypoints_3d'] = motion
        results['keypoints_visible'] = np.asarray(
            results['keypoints_visible'])[:, flip]
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(prob={self.prob}, seed={self.seed})'
