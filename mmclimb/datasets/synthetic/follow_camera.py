"""A hand-held portrait camera that follows the climber up the wall.

Symbols: T frames, K keypoints. World coordinates in the climber's standing
heights (``y`` down); image coordinates in pixels of a W x H = 1080 x 1920
portrait frame, pixel centres at integers.

Contract:
    :class:`FollowCamera` maps world keypoints (T, K, 2) to image keypoints
    (T, K, 2): ``image = (world - centre[t]) * scale + frame_centre +
    offset + shake[t]``, where ``scale`` is the climber's standing height in
    pixels (set by the camera distance), ``centre[t]`` an exponential
    smoothing (time constant ``follow_tau`` seconds) of the centre of the
    climber's keypoint box, ``offset`` a fixed framing offset and
    ``shake[t]`` AR(1) hand-held shake. Points may leave the frame; the
    annotator flags them.
"""
from typing import Tuple

import numpy as np
from scipy.signal import lfilter

from .temporal_noise import ar1_noise

__all__ = ['FollowCamera']


class FollowCamera:
    """World-to-image projection of one video.

    Args:
        scale (float): Standing height of the climber in pixels.
        offset (tuple[float, float]): Framing offset of the climber's box
            centre from the frame centre, in pixels.
        follow_tau (float): Time constant of the camera's follow, seconds.
        shake (float): Standard deviation of the hand-held shake, pixels.
        frame_size (tuple[int, int]): (W, H) of the frame.
            Defaults to (1080, 1920).
        fps (float): Frames per second. Defaults to 30.
    """

    def __init__(self,
                 scale: float,
                 offset: Tuple[float, float],
                 follow_tau: float,
                 shake: float,
                 frame_size: Tuple[int, int] = (1080, 1920),
                 fps: float = 30.0):
        self.scale = float(scale)
        self.offset = (float(offset[0]), float(offset[1]))
        self.follow_tau = float(follow_tau)
        self.shake = float(shake)
        self.frame_size = (int(frame_size[0]), int(frame_size[1]))
        self.fps = float(fps)

    @classmethod
    def sample(cls,
               rng: np.random.Generator,
               height_fraction: Tuple[float, float] = (0.25, 0.7),
               frame_size: Tuple[int, int] = (1080, 1920),
               fps: float = 30.0) -> 'FollowCamera':
        """A random camera distance, framing, follow speed and shake.

        Args:
            rng (np.random.Generator): Source of randomness.
            height_fraction (tuple[float, float]): Range of the climber's
                standing height as a fraction of the frame height.
            frame_size (tuple[int, int]): (W, H) of the frame.
            fps (float): Frames per second.

        Returns:
            FollowCamera: The sampled camera.
        """
        width, height = frame_size
        scale = rng.uniform(*height_fraction) * height
        # room left around a climber about 0.65 x 1.15 heights in size
        room = np.maximum(
            np.array([width - 0.65 * scale, height - 1.15 * scale]) / 2 -
            0.03 * height, 0.0)
        offset = room * rng.uniform(-0.6, 0.6, 2)
        return cls(
            scale=scale,
            offset=tuple(offset),
            follow_tau=rng.uniform(0.5, 3.0),
            shake=rng.uniform(0.001, 0.004) * height,
            frame_size=frame_size,
            fps=fps)

    def follow(self, world: np.ndarray) -> np.ndarray:
        """(T, 2) camera centre in world units: the smoothed box centre.

        Args:
            world (np.ndarray): (T, K, 2) world keypoints.
        """
        target = 0.5 * (world.min(axis=1) + world.max(axis=1))
        keep = float(np.exp(-1.0 / (self.follow_tau * self.fps)))
        centre, _ = lfilter([1.0 - keep], [1.0, -keep],
                            target,
                            axis=0,
                            zi=keep * target[:1])
        return centre

    def project(self, rng: np.random.Generator,
                world: np.ndarray) -> np.ndarray:
        """Image keypoints of world keypoints.

        Args:
            rng (np.random.Generator): Source of the shake.
            world (np.ndarray): (T, K, 2) world keypoints.

        Returns:
            np.ndarray: (T, K, 2) float64 image pixels.
        """
        centre = self.follow(world)
        shake = ar1_noise(rng, (len(world), 2), self.shake, 0.3 * self.fps)
        frame_centre = (np.array(self.frame_size, dtype=float) - 1.0) / 2.0
        shift = frame_centre + np.array(self.offset) + shake
        return (world - centre[:, None]) * self.scale + shift[:, None]

    def config(self) -> dict:
        """The camera's parameters as plain JSON-able values."""
        return dict(
            scale=self.scale,
            offset=list(self.offset),
            follow_tau=self.follow_tau,
            shake=self.shake,
            frame_size=list(self.frame_size),
            fps=self.fps)
