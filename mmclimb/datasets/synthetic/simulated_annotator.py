"""Ground-truth annotation of the synthetic videos.

Symbols: T frames, K keypoints, image pixels of a W x H frame.

Contract:
    :meth:`SimulatedAnnotator.annotate` turns true image keypoints
    (T, K, 2) into the target array (T, 1, K, 3) float32 of
    ``docs/climbalong_format.md``: ``x, y, flag``. A keypoint is flagged 0
    (and stored as x = y = 0) when it lies outside ``[0, W) x [0, H)`` or
    falls in a short random annotation gap. Torso points (shoulders, hips)
    get gaps at a fraction of the rate, and a gap never removes all four of
    them in the same frame.
"""
from typing import Tuple

import numpy as np

from .keypoint_layout import NUM_KEYPOINTS, TORSO_INDICES
from .temporal_noise import event_mask

__all__ = ['SimulatedAnnotator']


class SimulatedAnnotator:
    """Flags and stores the ground truth.

    Args:
        frame_size (tuple[int, int]): (W, H) of the frame.
            Defaults to (1080, 1920).
        gap_rate (float): Per keypoint and frame probability that an
            annotation gap starts. Defaults to 0.0015.
        gap_duration (tuple[int, int]): Inclusive range of gap lengths in
            frames. Defaults to (1, 12).
        torso_gap_factor (float): Gap rate factor for the four torso points.
            Defaults to 0.2.
    """

    def __init__(self,
                 frame_size: Tuple[int, int] = (1080, 1920),
                 gap_rate: float = 0.0015,
                 gap_duration: Tuple[int, int] = (1, 12),
                 torso_gap_factor: float = 0.2):
        self.frame_size = (int(frame_size[0]), int(frame_size[1]))
        self.gap_rate = float(gap_rate)
        self.gap_duration = (int(gap_duration[0]), int(gap_duration[1]))
        self.torso_gap_factor = float(torso_gap_factor)

    def inside(self, keypoints: np.ndarray) -> np.ndarray:
        """(T, K) bool: which keypoints lie inside the frame."""
        size = np.array(self.frame_size, dtype=float)
        return np.all((keypoints >= 0.0) & (keypoints < size), axis=-1)

    def gaps(self, rng: np.random.Generator, num_frames: int) -> np.ndarray:
        """(T, K) bool annotation gaps, never all four torso points."""
        rate = np.full(NUM_KEYPOINTS, self.gap_rate)
        rate[TORSO_INDICES] *= self.torso_gap_factor
        gaps = event_mask(rng, (num_frames, NUM_KEYPOINTS), rate,
                          self.gap_duration)
        whole_torso = np.all(gaps[:, TORSO_INDICES], axis=1)
        gaps[np.ix_(whole_torso, TORSO_INDICES)] = False
        return gaps

    def annotate(self, rng: np.random.Generator,
                 keypoints: np.ndarray) -> np.ndarray:
        """The target keypoints of one video.

        Args:
            rng (np.random.Generator): Source of the gaps.
            keypoints (np.ndarray): (T, K, 2) true image keypoints.

        Returns:
            np.ndarray: (T, 1, K, 3) float32 ``x, y, flag``.
        """
        flags = self.inside(keypoints) & ~self.gaps(rng, len(keypoints))
        target = np.concatenate(
            [keypoints * flags[..., None], flags[..., None]], axis=-1)
        return target[:, None].astype(np.float32)

    def config(self) -> dict:
        """The annotator's parameters as plain JSON-able values."""
        return dict(
            frame_size=list(self.frame_size),
            gap_rate=self.gap_rate,
            gap_duration=list(self.gap_duration),
            torso_gap_factor=self.torso_gap_factor)
