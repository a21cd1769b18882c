"""Detector-like refiner inputs simulated from clean keypoints.

Symbols: T frames, K keypoints, H x W heatmaps, (u, v) heatmap coordinates
of the pose box (``docs/climbalong_format.md``).

The thesis pretrained its refiners on keypoint-only sequences (BRACE, Penn
Action) by simulating the detector: each frame's pose box is the tight box
of its annotated keypoints expanded by 10% and resized to W x H; every
keypoint is shifted by Gaussian noise (std ``shift_std`` heatmap pixels
times a shift scalar), clipped to the grid, rendered as a one-hot peak and
blurred with a sigma drawn from ``blur_sigmas``.

With ``normalize='sum'`` each simulated heatmap sums to 1, the scale of
detector heatmaps after ``NormalizeHeatmaps(mode='sum')``, so pretrained
refiners see inputs of the finetuning scale. The noise of a window comes
from :func:`~mmclimb.datasets.transforms.window_rng`: with ``seed`` set it
depends only on ``(seed, sample_idx)`` (validation on simulated inputs sees
the same inputs every epoch), in training on the window seed of
:class:`~mmclimb.datasets.WindowSeedSampler`.
"""
from typing import Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms.utils import cache_randomness
from mmpose.registry import TRANSFORMS

from mmclimb.structures import (clip_to_heatmap, image_to_heatmap,
                                render_gaussians)
from .window_rng import window_rng


def pose_boxes(keypoints: np.ndarray, visible: np.ndarray,
               expand: float) -> np.ndarray:
    """Tight boxes of the visible keypoints, expanded about their centres.

    Args:
        keypoints (np.ndarray): (T, K, 2) image pixels.
        visible (np.ndarray): (T, K) flags.
        expand (float): Relative growth of width and height (0.1 = 10%).

    Returns:
        np.ndarray: (T, 4) x1, y1, x2, y2, at least 1 pixel wide and high;
        a frame without visible keypoints gets the box of all frames.
    """
    mask = visible[..., None] > 0
    low = np.where(mask, keypoints, np.inf).min(axis=1)
    high = np.where(mask, keypoints, -np.inf).max(axis=1)
    empty = ~mask.any(axis=(1, 2))
    if empty.all():
        raise ValueError('no visible keypoint in any frame of the window')
    low[empty] = low[~empty].min(axis=0)
    high[empty] = high[~empty].max(axis=0)
    centre = (low + high) / 2
    half = np.maximum((high - low) * (1 + expand) / 2, 0.5)
    return np.concatenate([centre - half, centre + half],
                          axis=1).astype(np.float32)


@TRANSFORMS.register_module()
class SimulateDetectorNoise(BaseTransform):
    """Turn clean keypoints into noisy detector heatmaps (FACTS 1.3).

    Required keys: ``keypoints`` (T, K, 2) image pixels,
    ``keypoints_visible`` (T, K).
    Added keys: ``bboxes`` (T, 4) the expanded pose boxes, ``heatmaps``
    (T, K, H, W) the simulated detector output (missing points: all zero),
    ``input_keypoints`` (T, K, 2) the noisy heatmap positions (rounded),
    ``heatmap_size`` (W, H). Optional key: ``sample_idx`` (with ``seed``).

    Args:
        heatmap_size (tuple[int, int]): (W, H). Defaults to (56, 56).
        box_expand (float): Pose box growth. Defaults to 0.1.
        shift_std (float): Noise std in heatmap pixels. Defaults to 2.95.
        shift_scalars (Sequence[float]): One is drawn per window and
            multiplies ``shift_std``. Defaults to (1.0, ).
        blur_sigmas (Sequence[float]): One is drawn per keypoint and frame.
            Defaults to (1, 1.5, 2, 2.5, 3).
        normalize (str, optional): ``'sum'`` scales each heatmap to sum 1;
            ``None`` keeps peak 1. Defaults to None.
        seed (int, optional): Draw the noise of each window from
            ``(seed, sample_idx)`` (fixed validation inputs). Defaults to
            None.
    """

    def __init__(self,
                 heatmap_size: Sequence[int] = (56, 56),
                 box_expand: float = 0.1,
                 shift_std: float = 2.95,
                 shift_scalars: Sequence[float] = (1.0, ),
                 blur_sigmas: Sequence[float] = (1, 1.5, 2, 2.5, 3),
                 normalize: Optional[str] = None,
                 seed: Optional[int] = None):
        if normalize not in (None, 'sum'):
            raise ValueError(
                f"normalize must be None or 'sum', got {normalize!r}")
        self.heatmap_size = tuple(heatmap_size)
        self.box_expand = box_expand
        self.shift_std = shift_std
        self.shift_scalars = tuple(shift_scalars)
        self.blur_sigmas = np.asarray(blur_sigmas, dtype=np.float32)
        self.normalize = normalize
        self.seed = seed

    @cache_randomness
    def _draw(self, shape, sample_idx: Optional[int] = None):
        """Shift (T, K, 2) and blur (T, K) for one window."""
        rng = window_rng(self.seed, sample_idx)
        scalar = rng.choice(self.shift_scalars)
        shift = rng.normal(0, self.shift_std * scalar, shape + (2, ))
        sigmas = rng.choice(self.blur_sigmas, size=shape)
        return shift.astype(np.float32), sigmas

    def _noisy_peaks(self, results: dict):
        """The pose boxes (T, 4), the noisy integer peak positions
        (T, K, 2) in heatmap coordinates and their blur sigmas (T, K)."""
        keypoints = results['keypoints']
        visible = results['keypoints_visible']
        bboxes = pose_boxes(keypoints, visible, self.box_expand)
        clean = image_to_heatmap(keypoints, bboxes, self.heatmap_size)
        shift, sigmas = self._draw(visible.shape, results.get('sample_idx'))
        noisy = np.round(clip_to_heatmap(clean + shift, self.heatmap_size))
        return bboxes, noisy, sigmas

    def transform(self, results: dict) -> dict:
        visible = results['keypoints_visible']
        bboxes, noisy, sigmas = self._noisy_peaks(results)
        heatmaps = render_gaussians(noisy, sigmas, self.heatmap_size)
        if self.normalize == 'sum':
            heatmaps /= heatmaps.sum(axis=(-2, -1), keepdims=True)
        heatmaps *= (visible > 0)[..., None, None]
        results.update(
            bboxes=bboxes,
            heatmaps=heatmaps,
            input_keypoints=noisy.astype(np.float32),
            heatmap_size=self.heatmap_size)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(heatmap_size={self.heatmap_size}, '
                f'box_expand={self.box_expand}, shift_std={self.shift_std}, '
                f'shift_scalars={self.shift_scalars}, '
                f'blur_sigmas={self.blur_sigmas.tolist()}, '
                f'normalize={self.normalize!r}, seed={self.seed})')
