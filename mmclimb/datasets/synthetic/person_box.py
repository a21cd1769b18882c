"""The simulated detector's person boxes.

Symbols: T frames, K keypoints; a box is ``x1, y1, x2, y2`` in image pixels
of a W x H frame, ``w = x2 - x1``, ``h = y2 - y1``.

Contract:
    :meth:`PersonBoxSimulator.boxes` returns (T, 4) float32 boxes around the
    true keypoints (T, K, 2) of every frame: the keypoints' tight box grown
    by a per-video margin on each side (a fraction of its width or height),
    with every edge moved by a slow AR(1) drift plus per-frame jitter (both
    fractions of the box size), then clipped to the frame. The boxes follow
    the person's shape, so they are not square in general. Every box is at
    least ``min_size`` pixels wide and high.
"""
from typing import Tuple

import numpy as np

from .temporal_noise import ar1_noise

__all__ = ['PersonBoxSimulator']


class PersonBoxSimulator:
    """Person boxes of one video with margins, drift and jitter.

    Args:
        margin (tuple[float, float]): Range of the per-video, per-side
            margin as a fraction of the tight box's size.
            Defaults to (0.02, 0.08).
        jitter (float): Per-frame edge jitter, fraction of the box size.
            Defaults to 0.008.
        drift (float): Standard deviation of the slow edge drift, fraction
            of the box size. Defaults to 0.012.
        drift_tau (float): Correlation time of the drift in frames.
            Defaults to 20.
        frame_size (tuple[int, int]): (W, H) of the frame.
            Defaults to (1080, 1920).
        min_size (float): Smallest box side in pixels. Defaults to 16.
    """

    def __init__(self,
                 margin: Tuple[float, float] = (0.02, 0.08),
                 jitter: float = 0.008,
                 drift: float = 0.012,
                 drift_tau: float = 20.0,
                 frame_size: Tuple[int, int] = (1080, 1920),
                 min_size: float = 16.0):
        self.margin = (float(margin[0]), float(margin[1]))
        self.jitter = float(jitter)
        self.drift = float(drift)
        self.drift_tau = float(drift_tau)
        self.frame_size = (int(frame_size[0]), int(frame_size[1]))
        self.min_size = float(min_size)

    @staticmethod
    def tight_boxes(keypoints: np.ndarray) -> np.ndarray:
        """(T, 4) tight boxes of (T, K, 2) keypoints."""
        low, high = keypoints.min(axis=1), keypoints.max(axis=1)
        return np.concatenate([low, high], axis=-1)

    def boxes(self, rng: np.random.Generator,
              keypoints: np.ndarray) -> np.ndarray:
        """The detector's boxes of one video.

        Args:
            rng (np.random.Generator): Source of randomness.
            keypoints (np.ndarray): (T, K, 2) true image keypoints.

        Returns:
            np.ndarray: (T, 4) float32 ``x1, y1, x2, y2``.
        """
        tight = self.tight_boxes(keypoints)
        size = np.tile(tight[:, 2:] - tight[:, :2], 2)  # (T, 4): w, h, w, h
        margin = rng.uniform(*self.margin, size=4) * np.array([-1, -1, 1, 1])
        noise = (
            ar1_noise(rng, (len(tight), 4), self.drift, self.drift_tau) +
            rng.normal(0.0, self.jitter, (len(tight), 4)))
        boxes = tight + size * (margin + noise)
        return self._clip(boxes).astype(np.float32)

    def _clip(self, boxes: np.ndarray) -> np.ndarray:
        """Clip (T, 4) boxes to the frame, keeping ``min_size`` sides."""
        limit = np.array(self.frame_size, dtype=float)
        low = np.clip(boxes[:, :2], 0.0, limit - self.min_size)
        high = np.clip(boxes[:, 2:], low + self.min_size, limit)
        return np.concatenate([low, high], axis=-1)

    def config(self) -> dict:
        """The simulator's parameters as plain JSON-able values."""
        return dict(
            margin=list(self.margin),
            jitter=self.jitter,
            drift=self.drift,
            drift_tau=self.drift_tau,
            frame_size=list(self.frame_size),
            min_size=self.min_size)
