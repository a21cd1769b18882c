"""Rendering of the simulated detector's heatmap logits.

Symbols: T frames, K keypoints, H x W = 56 x 56 heatmap pixels, ``(u, v)``
heatmap coordinates with pixel centres at integers.

Contract:
    :meth:`HeatmapRenderer.render` turns peak parameters (the dict of
    :meth:`.PeakErrorModel.sample`) into logits of shape (T, K, H, W),
    float16::

        logit[t, k, v, u] = background[t, k] + slope[k] . ((u, v) - c) / c
                            + noise[t, k, v, u]
                            + a1 * G(u, v; centre, sigma)
                            + a2 * G(u, v; second_centre, sigma)

    with ``G`` an unnormalised isotropic Gaussian (peak 1), ``c`` the
    heatmap centre, a per-video background level per keypoint in
    ``background`` (negative) drifting slowly per frame, a mild tilt and
    i.i.d. Gaussian pixel noise. Frames are rendered in chunks to bound
    memory.
"""
from typing import Dict, Tuple

import numpy as np

from .keypoint_layout import NUM_KEYPOINTS
from .temporal_noise import ar1_noise

__all__ = ['HeatmapRenderer']


class HeatmapRenderer:
    """Logit heatmaps from peak parameters.

    Args:
        heatmap_size (int): W = H. Defaults to 56.
        background (tuple[float, float]): Range of the per-video background
            level per keypoint. Defaults to (-5.0, -2.0).
        background_drift (float): Std of the per-frame AR(1) drift of the
            background level. Defaults to 0.2.
        tilt (float): Std of the background's linear tilt across the
            heatmap. Defaults to 0.3.
        noise (float): Std of the i.i.d. pixel noise. Defaults to 0.25.
        chunk (int): Frames rendered at once. Defaults to 64.
    """

    def __init__(self,
                 heatmap_size: int = 56,
                 background: Tuple[float, float] = (-5.0, -2.0),
                 background_drift: float = 0.2,
                 tilt: float = 0.3,
                 noise: float = 0.25,
                 chunk: int = 64):
        self.heatmap_size = int(heatmap_size)
        self.background = (float(background[0]), float(background[1]))
        self.background_drift = float(background_drift)
        self.tilt = float(tilt)
        self.noise = float(noise)
        self.chunk = int(chunk)

    def render(self, rng: np.random.Generator,
               peaks: Dict[str, np.ndarray]) -> np.ndarray:
        """The heatmaps of one video.

        Args:
            rng (np.random.Generator): Source of randomness.
            peaks (dict): ``centre`` (T, K, 2), ``amplitude`` (T, K),
                ``sigma`` (T, K), ``second_centre`` (T, K, 2),
                ``second_amplitude`` (T, K).

        Returns:
            np.ndarray: (T, K, H, W) float16 logits.
        """
        num = len(peaks['amplitude'])
        size = self.heatmap_size
        level = (
            rng.uniform(*self.background, NUM_KEYPOINTS) +
            ar1_noise(rng, (num, NUM_KEYPOINTS), self.background_drift, 30.0))
        ramp = self._ramp(rng)
        heatmaps = np.empty((num, NUM_KEYPOINTS, size, size), np.float16)
        for start in range(0, num, self.chunk):
            part = slice(start, min(start + self.chunk, num))
            logits = self._peaks({
                key: value[part]
                for key, value in peaks.items()
            })
            logits += (level[part, :, None, None] + ramp).astype(np.float32)
            logits += self.noise * rng.standard_normal(
                logits.shape, dtype=np.float32)
            heatmaps[part] = logits
        return heatmaps

    def _ramp(self, rng: np.random.Generator) -> np.ndarray:
        """(K, H, W) float32 per-keypoint linear background tilt."""
        axis = np.linspace(-1.0, 1.0, self.heatmap_size)
        slope = rng.normal(0.0, self.tilt, (NUM_KEYPOINTS, 2))
        return (slope[:, 0, None, None] * axis[None, None, :] +
                slope[:, 1, None, None] * axis[None, :, None]).astype(
                    np.float32)

    def _peaks(self, peaks: Dict[str, np.ndarray]) -> np.ndarray:
        """(T, K, H, W) float32 sum of the main and second peaks."""
        main = self._gaussian(peaks['centre'], peaks['sigma'],
                              peaks['amplitude'])
        main += self._gaussian(peaks['second_centre'], peaks['sigma'],
                               peaks['second_amplitude'])
        return main

    def _gaussian(self, centre: np.ndarray, sigma: np.ndarray,
                  amplitude: np.ndarray) -> np.ndarray:
        """(T, K, H, W) float32 separable Gaussians of peak ``amplitude``.

        Args:
            centre (np.ndarray): (T, K, 2) ``u, v`` centres.
            sigma (np.ndarray): (T, K) widths.
            amplitude (np.ndarray): (T, K) heights.
        """
        grid = np.arange(self.heatmap_size, dtype=np.float32)
        centre = centre.astype(np.float32)
        scale = (-0.5 / sigma**2)[..., None].astype(np.float32)
        gauss_u = np.exp(scale * (grid - centre[..., 0:1])**2)
        gauss_v = np.exp(scale * (grid - centre[..., 1:2])**2)
        gauss_v *= amplitude[..., None].astype(np.float32)
        return gauss_v[..., :, None] * gauss_u[..., None, :]

    def config(self) -> dict:
        """The renderer's parameters as plain JSON-able values."""
        return dict(
            heatmap_size=self.heatmap_size,
            background=list(self.background),
            background_drift=self.background_drift,
            tilt=self.tilt,
            noise=self.noise,
            chunk=self.chunk)
