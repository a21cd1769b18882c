"""2D ground truth from 3D motion through a random virtual camera."""
from typing import Optional, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from mmclimb.structures import frame_extents
from .window_rng import window_rng

#: (width, height) of common video frames: landscape and portrait.
DEFAULT_FRAMES = ((1920, 1080), (1280, 720), (1080, 1920), (720, 1280))


def _look_at(centre: np.ndarray, target: np.ndarray,
             roll: float) -> np.ndarray:
    """(T, 3, 3) rows right, up, forward of cameras at ``centre`` (T, 3)
    looking at ``target`` (T, 3), world Y up."""
    forward = target - centre
    forward /= np.linalg.norm(forward, axis=-1, keepdims=True)
    right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
    right /= np.linalg.norm(right, axis=-1, keepdims=True)
    up = np.cross(right, forward)
    cos, sin = np.cos(roll), np.sin(roll)
    right, up = cos * right + sin * up, -sin * right + cos * up
    return np.stack([right, up, forward], axis=1)


@TRANSFORMS.register_module()
class RandomVirtualCamera(BaseTransform):
    """Project a window of 3D keypoints through a random pinhole camera.

    Symbols: T frames at ``fps``, K keypoints, world coordinates with Y up
    (any unit), (x, y) image pixels with y down.

    Per window the camera is drawn as follows:

    - a frame size from ``frames`` (landscape and portrait);
    - a diagonal field of view from ``fov_range`` (degrees), which gives
      the focal length;
    - the person's size: the window's 3D extent fills ``size_range`` of
      the frame height, which sets the distance for that focal length
      (wide and close or narrow and far);
    - yaw (any direction round the person), pitch (``pitch_range``,
      positive looks down) and roll (``roll_range``) about the window's
      mean hip centre (keypoints 15 and 16), and an image offset of the
      person of up to ``offset`` of the frame;
    - slow camera motion: the camera orbits at up to ``orbit_speed``
      degrees per second, dollies by up to ``dolly_speed`` of its distance
      per second and pans (its target drifts) at up to ``pan_speed``
      person sizes per second, each a slow sine of 8-20 s period (so the
      motion of a long clip stays bounded: the dolly within +-50% of the
      distance, the pan within half a person size per unit of rate);
      with ``follow_seconds`` it also follows the person.

    Points behind or within 1 unit of the camera lose their flag.

    Required keys: ``keypoints_3d`` (T, K, 3), ``keypoints_visible``
    (T, K), ``fps``. Optional: ``sample_idx``.
    Added keys: ``keypoints`` (T, K, 2) float32 image pixels,
    ``keypoints_depth`` (T, K) float32 (distance along the camera's axis,
    world units), ``image_wh`` (2,) int, ``focal`` (float, pixels); modified:
    ``keypoints_visible``.

    Args:
        frames (Sequence[tuple]): (width, height) choices.
        fov_range (tuple): Diagonal field of view range, degrees.
        size_range (tuple): Person height / frame height range.
        pitch_range (tuple): Camera pitch range, degrees.
        roll_range (float): Largest roll, degrees.
        offset (float): Largest image offset of the person, a fraction of
            the frame's sides.
        orbit_speed (float): Largest orbit rate, degrees per second.
        dolly_speed (float): Largest dolly rate, fraction of the distance
            per second.
        pan_speed (float): Largest target drift, person sizes per second.
        follow_seconds (float): Follow the hips with a running mean of this
            length (for whole sequences); 0 looks at their mean. Defaults
            to 0.
        seed (int, optional): Fixed draws per window (validation).
    """

    def __init__(self,
                 frames: Sequence[Tuple[int, int]] = DEFAULT_FRAMES,
                 fov_range: Tuple[float, float] = (30.0, 80.0),
                 size_range: Tuple[float, float] = (0.25, 0.9),
                 pitch_range: Tuple[float, float] = (-15.0, 45.0),
                 roll_range: float = 5.0,
                 offset: float = 0.15,
                 orbit_speed: float = 10.0,
                 dolly_speed: float = 0.1,
                 pan_speed: float = 0.1,
                 follow_seconds: float = 0.0,
                 seed: Optional[int] = None):
        if not -80 <= pitch_range[0] <= pitch_range[1] <= 80:
            raise ValueError('pitch_range must lie within [-80, 80] '
                             f'degrees, got {tuple(pitch_range)}')
        self.frames = [tuple(int(v) for v in f) for f in frames]
        self.fov_range = tuple(fov_range)
        self.size_range = tuple(size_range)
        self.pitch_range = tuple(pitch_range)
        self.roll_range = roll_range
        self.offset = offset
        self.orbit_speed = orbit_speed
        self.dolly_speed = dolly_speed
        self.pan_speed = pan_speed
        self.follow_seconds = follow_seconds
        self.seed = seed

    @staticmethod
    def _extent(motion: np.ndarray, visible: np.ndarray) -> float:
        """The person's size: the median over frames of the largest side
        of the frame's 3D keypoint box (walking away does not count)."""
        sides = frame_extents(motion, visible > 0)[1]
        sides = sides[np.isfinite(sides)]
        return float(np.median(sides)) if len(sides) else 1.0

    @staticmethod
    def _sway(rng, seconds: np.ndarray) -> np.ndarray:
        """(3, T) slow motions ``P / (2 pi) sin(2 pi t / P + phase)`` with a
        period P of 8-20 s: rate 1 per second at most, bounded by P / 2 pi
        (a few units), so a long clip's camera never runs away; over a
        short window each is a nearly constant rate up to 1 per second."""
        period = rng.uniform(8.0, 20.0, size=(3, 1))
        phase = rng.uniform(0, 2 * np.pi, size=(3, 1))
        omega = 2 * np.pi / period
        return (np.sin(omega * seconds + phase) - np.sin(phase)) / omega

    def _draw(self, rng, extent: float, seconds: np.ndarray) -> dict:
        """The camera's settings and their per-frame motion."""
        width, height = self.frames[rng.integers(len(self.frames))]
        diag = np.hypot(width, height)
        fov = np.radians(rng.uniform(*self.fov_range))
        focal = diag / 2 / np.tan(fov / 2)
        distance = focal * extent / (rng.uniform(*self.size_range) * height)
        sway = self._sway(rng, seconds)  # (3, T), each in [-1, 1]
        return dict(
            width=width,
            height=height,
            focal=focal,
            yaw=rng.uniform(0, 2 * np.pi) +
            np.radians(rng.uniform(0, self.orbit_speed)) * sway[0],
            pitch=np.radians(rng.uniform(*self.pitch_range)),
            roll=np.radians(rng.uniform(-self.roll_range, self.roll_range)),
            distance=distance *
            (1 + min(rng.uniform(0, self.dolly_speed), 0.5) * sway[1]),
            pan=extent * min(rng.uniform(0, self.pan_speed), 0.5) *
            sway[2][:, None] * _unit(rng.normal(size=3)),
            centre_px=np.array([width, height]) *
            (0.5 + rng.uniform(-self.offset, self.offset, 2)))

    def _target(self, hips: np.ndarray, fps: float) -> np.ndarray:
        """(T, 3) where the camera looks: the mean hip centre, or with
        ``follow_seconds`` its running mean (a camera operator following
        the person)."""
        if self.follow_seconds <= 0:
            return np.repeat(hips.mean(axis=0, keepdims=True), len(hips), 0)
        half = max(1, int(round(self.follow_seconds * fps / 2)))
        padded = np.pad(hips, ((half, half), (0, 0)), mode='edge')
        kernel = np.ones(2 * half + 1) / (2 * half + 1)
        return np.stack([
            np.convolve(padded[:, i], kernel, mode='valid') for i in range(3)
        ], axis=-1)

    def transform(self, results: dict) -> dict:
        rng = window_rng(self.seed, results.get('sample_idx'))
        motion = np.asarray(results['keypoints_3d'], dtype=np.float64)
        visible = np.asarray(results['keypoints_visible'], dtype=np.float32)
        seconds = np.arange(len(motion)) / float(results['fps'])
        cam = self._draw(rng, self._extent(motion, visible), seconds)
        target = self._target(motion[:, [15, 16]].mean(axis=1),
                              float(results['fps'])) + cam['pan']  # (T, 3)
        direction = np.stack([
            np.cos(cam['pitch']) * np.sin(cam['yaw']),
            np.full_like(cam['yaw'], np.sin(cam['pitch'])),
            np.cos(cam['pitch']) * np.cos(cam['yaw'])
        ], axis=-1)
        centre = target + cam['distance'][:, None] * direction
        rotation = _look_at(centre, target, cam['roll'])
        local = np.einsum('tij,tkj->tki', rotation, motion - centre[:, None])
        depth = local[..., 2]
        safe = np.where(depth > 1.0, depth, 1.0)
        image = np.stack([
            cam['centre_px'][0] + cam['focal'] * local[..., 0] / safe,
            cam['centre_px'][1] - cam['focal'] * local[..., 1] / safe
        ], axis=-1)
        results['keypoints'] = image.astype(np.float32)
        results['keypoints_visible'] = np.where(depth > 1.0, visible,
                                                0).astype(np.float32)
        results['keypoints_depth'] = depth.astype(np.float32)
        results['image_wh'] = np.array([cam['width'], cam['height']])
        results['focal'] = float(cam['focal'])
        return results


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(np.linalg.norm(vector), 1e-9)
