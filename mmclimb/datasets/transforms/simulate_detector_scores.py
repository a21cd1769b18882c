"""A general keypoint detector's confidence scores, simulated.

Symbols: T frames at f fps, K = 25 ClimbAlong keypoints, ``torso`` the
window's torso diameter (``noise_torso`` of
:class:`SimulateKeypointNoise`), ``e[t, k]`` the size of the simulated
detection's error (``input_keypoints - keypoints``) in torsos, ``s[t, k]``
the score in [0, 1], ``logit(s) = log(s / (1 - s))``.

Real detectors say how far to trust each point: MediaPipe Pose's
visibility is near 1 on the side of the body that faces the camera and on
the torso, lower on the far side, and lowest where a limb it barely sees
goes astray (``docs/detector_noise.md`` has the measurements this model is
fitted to). Per window:

1. **which side faces away**: from the depths of the shoulders
   (``keypoints_depth`` of :class:`RandomVirtualCamera`, camera units),
   ``side[t] = clip((depth[left] - depth[right]) / width, -1, 1)`` with
   ``width`` the shoulders' 3D distance: +1 when the left side is turned
   fully away, 0 when the person faces the camera or turns their back;
2. **a baseline** per keypoint and frame: ``core_logit`` for the nose,
   shoulders and hips, else ``near_logit + (far_logit - near_logit) *
   farness`` with ``farness`` the keypoint's side's ``max(+-side, 0)``;
3. **the error**: minus ``error_slope * log2(1 + e / error_scale)``, so a
   point the detector misplaced (an outlier, erratic tracking, a swap) is
   scored lower than its neighbours;
4. **the detector's own variation**: a unit AR(1) of correlation time
   ``correlation_seconds`` times ``noise_std``, per keypoint;

``s = sigmoid(baseline - error term + variation)``, 0 where the point was
dropped (``input_visible`` 0, as a reader gives a filled point). With
probability ``unknown_prob`` a window's scores are all 1 instead: what a
refiner receives from an input without scores, so that a score-aware
refiner also refines such input as a refiner without scores would.

Required keys: ``keypoints`` (T, K, 2), ``input_keypoints`` (T, K, 2),
``noise_torso``. Optional: ``keypoints_3d`` and ``keypoints_depth`` (T, K)
(without them every limb is ``near``), ``input_visible`` (T, K), ``fps``
(default 30), ``sample_idx``. Added key: ``input_scores`` (T, K) float32.
"""
from typing import Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from .simulate_keypoint_noise import _ar1
from .window_rng import window_rng

#: Keypoints scored as the body's core (nose, shoulders, hips).
DEFAULT_CORE = (0, 3, 4, 15, 16)
#: Left and right shoulders, whose depths say which side faces away.
SHOULDERS = (3, 4)


@TRANSFORMS.register_module()
class SimulateDetectorScores(BaseTransform):
    """Confidence scores of simulated detections; see the module docstring.

    Args:
        core_logit (float): Baseline logit of the core keypoints.
        near_logit (float): Baseline logit of a limb facing the camera.
        far_logit (float): Baseline logit of a limb turned fully away.
        error_slope (float): Logit lost per doubling of ``1 + e /
            error_scale``.
        error_scale (float): Error size, torsos, at which the error term
            reaches ``error_slope``.
        noise_std (float): Std of the logit's own variation.
        correlation_seconds (float): Its correlation time.
        unknown_prob (float): Probability of a window of all-1 scores.
        core (Sequence[int]): The core keypoints.
        left (Sequence[int], optional): The left side's keypoints (odd
            indices of the ClimbAlong layout by default); the others
            outside ``core`` are the right side's.
        seed (int, optional): Fixed draws per window (validation).
    """

    def __init__(self,
                 core_logit: float = 7.5,
                 near_logit: float = 4.0,
                 far_logit: float = 1.5,
                 error_slope: float = 1.0,
                 error_scale: float = 0.05,
                 noise_std: float = 1.8,
                 correlation_seconds: float = 0.3,
                 unknown_prob: float = 0.2,
                 core: Sequence[int] = DEFAULT_CORE,
                 left: Optional[Sequence[int]] = None,
                 seed: Optional[int] = None):
        if error_scale <= 0:
            raise ValueError(f'error_scale must be > 0, got {error_scale}')
        if not 0 <= unknown_prob <= 1:
            raise ValueError(f'unknown_prob must be in [0, 1], got '
                             f'{unknown_prob}')
        self.core_logit = core_logit
        self.near_logit = near_logit
        self.far_logit = far_logit
        self.error_slope = error_slope
        self.error_scale = error_scale
        self.noise_std = noise_std
        self.correlation_seconds = correlation_seconds
        self.unknown_prob = unknown_prob
        self.core = tuple(int(k) for k in core)
        self.left = None if left is None else tuple(int(k) for k in left)
        self.seed = seed

    def _sides(self, num_keypoints: int) -> np.ndarray:
        """(K,) +1 for a left keypoint, -1 for a right one, 0 for core."""
        left = self.left if self.left is not None else tuple(
            range(1, num_keypoints, 2))
        sides = np.where(np.isin(np.arange(num_keypoints), left), 1.0, -1.0)
        sides[list(self.core)] = 0.0
        return sides

    def _side(self, results: dict, num_frames: int) -> np.ndarray:
        """(T,) which side faces away (module docstring, step 1)."""
        if 'keypoints_depth' not in results or 'keypoints_3d' not in results:
            return np.zeros(num_frames)
        depth = np.asarray(results['keypoints_depth'], dtype=np.float64)
        body = np.asarray(results['keypoints_3d'], dtype=np.float64)
        if len(depth) != num_frames or len(body) != num_frames:
            raise ValueError(f'keypoints_depth and keypoints_3d must have '
                             f'the {num_frames} frames of keypoints, got '
                             f'{len(depth)} and {len(body)}')
        left, right = SHOULDERS
        width = np.linalg.norm(body[:, left] - body[:, right], axis=-1)
        return np.clip((depth[:, left] - depth[:, right]) /
                       np.maximum(width, 1e-9), -1.0, 1.0)

    def _baseline(self, side: np.ndarray, num_keypoints: int) -> np.ndarray:
        """(T, K) baseline logits (module docstring, step 2)."""
        sides = self._sides(num_keypoints)
        farness = np.clip(side[:, None] * sides[None], 0.0, 1.0)
        limb = self.near_logit + (self.far_logit - self.near_logit) * farness
        return np.where(sides[None] == 0, self.core_logit, limb)

    def transform(self, results: dict) -> dict:
        # a stream of its own, apart from the other transforms' draws of
        # the same window
        rng = np.random.default_rng(
            [int(window_rng(self.seed, results.get('sample_idx')).integers(
                2**62)), 1])
        clean = np.asarray(results['keypoints'], dtype=np.float64)
        noisy = np.asarray(results['input_keypoints'], dtype=np.float64)
        num_frames, num_keypoints = clean.shape[:2]
        if rng.random() < self.unknown_prob:
            results['input_scores'] = np.ones((num_frames, num_keypoints),
                                              np.float32)
            return results
        variation = _ar1(rng.normal(size=(num_frames, num_keypoints)),
                         self.correlation_seconds,
                         float(results.get('fps', 30.0)))
        error = np.linalg.norm(noisy - clean, axis=-1) / float(
            results['noise_torso'])
        logit = (self._baseline(self._side(results, num_frames),
                                num_keypoints) -
                 self.error_slope * np.log2(1 + error / self.error_scale) +
                 self.noise_std * variation)
        scores = 1.0 / (1.0 + np.exp(-logit))
        seen = np.asarray(results.get('input_visible',
                                      np.ones(clean.shape[:2])))
        results['input_scores'] = np.where(seen > 0, scores,
                                           0.0).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(core_logit={self.core_logit}, '
                f'near_logit={self.near_logit}, far_logit={self.far_logit}, '
                f'error_slope={self.error_slope}, '
                f'error_scale={self.error_scale}, '
                f'noise_std={self.noise_std}, '
                f'correlation_seconds={self.correlation_seconds}, '
                f'unknown_prob={self.unknown_prob}, seed={self.seed})')
