"""A general keypoint detector's errors, simulated in image pixels.

Symbols: T frames at f fps, K = 25 ClimbAlong keypoints, (x, y) image
pixels, ``torso`` the window's median torso diameter of the clean
keypoints (mean of the shoulder-hip distances 3-15 and 4-16; at least a
quarter of the person's extent, for views along the spine).

The model (``docs/detector_noise.md`` has the measurements it is fitted
to and the comparison of real against simulated statistics). Every size is
in torsos, so the errors scale with the person; every rate is per frame
but that of erratic tracking, per second (its episodes last seconds).
Per window:

1. **jitter**: per keypoint k, 2D Gaussian noise of std
   ``jitter[k] * g`` (g drawn log-uniformly from ``jitter_gain``),
   correlated in time as an AR(1) process whose correlation time (drawn
   from ``correlation_seconds``) is in seconds, so the same detector gives
   the same noise at 30 and 60 fps, and shared along the body as real
   detectors share it: with ``jitter_parents`` (default
   :data:`~mmclimb.structures.CLIMBALONG_PARENTS`) a keypoint's unit noise
   is ``c[k] * z[parent] + sqrt(1 - c[k]^2) * e[k]`` (``c`` =
   ``jitter_parent_correlation``), so a finger's error follows its wrist's
   and a heel's its ankle's while each keypoint keeps its own std;
2. **outliers**: at each frame a keypoint starts a bad episode with
   probability ``outlier_rate[k]`` (hands and feet more often); the
   episode lasts ``outlier_frames`` frames and displaces the point by a
   size drawn log-normally about ``outlier_size`` in a random direction,
   rising and falling with a Hann envelope (a 1-frame episode is a spike);
   the face, a hand (wrist and fingers) or a foot (ankle, heel, toes) of
   ``outlier_groups`` goes astray as one piece: its episodes start at the
   mean rate of its members and move all of them by the same displacement;
3. **erratic tracking**: a limb of ``erratic_groups`` (by default each
   arm: elbow, wrist and fingers; each leg: knee, ankle, heel and toes)
   loses track for a while, as a real detector does with a limb it
   barely sees: a limb starts an episode at ``erratic_rate`` per second
   (so the share of time spent erratic is the same at any frame rate;
   per frame ``erratic_rate / f``); for ``erratic_seconds`` the whole
   limb jumps about
   its true place by a fresh 2D Gaussian displacement nearly every frame
   (an AR(1) of correlation time ``erratic_correlation_seconds``, shared
   by the limb's members), of std ``erratic_size[k]`` at the episode's
   middle, rising and falling with a Hann envelope. Unlike an outlier
   episode, which moves a point smoothly away and back as real motion
   might, this is a burst of large frame-to-frame jumps;
4. **swaps**: a left/right pair (``flip_indices``) trades places for
   ``swap_frames`` frames, starting with probability ``swap_rate``; and
   whole chains flip together, as real detectors do (MediaPipe on real
   video swaps the two legs, the two arms or the whole body at once): each
   group of :data:`SWAP_GROUPS` (arms, legs, body) starts a flip with
   probability ``group_swap_rate[group]`` per frame, lasting
   ``group_swap_frames`` frames;
5. **dropouts**: a whole frame is missing with probability
   ``drop_frame_rate`` (runs of ``drop_frames``) and a single point with
   ``drop_point_rate``; missing points are then filled by linear
   interpolation in time with edge hold, exactly as
   :func:`~mmclimb.apis.refine_sequence` fills missing detections.

There is no fixed offset: a detector's labelling convention is a property
of a dataset, not of detectors in general.

Required keys: ``keypoints`` (T, K, 2), ``keypoints_visible`` (T, K),
``flip_indices`` (K,). Optional: ``fps`` (default 30), ``sample_idx``.
Added keys: ``input_keypoints`` (T, K, 2) float32 image pixels (finite),
``input_visible`` (T, K) float32 (0 where a point was dropped and
filled), ``noise_torso`` (float, pixels).
"""
from typing import Optional, Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from mmclimb.structures import (CLIMBALONG_PARENTS, fill_missing_keypoints,
                                frame_extents)
from .window_rng import window_rng

FloatOrSeq = Union[float, Sequence[float]]

#: Jitter std per ClimbAlong keypoint, in torsos, fitted to MediaPipe Pose
#: on real video (docs/detector_noise.md).
DEFAULT_JITTER = (0.0072, 0.0072, 0.0072, 0.0099, 0.0099, 0.0127, 0.0127,
                  0.0198, 0.0198, 0.0214, 0.0214, 0.0198, 0.0198, 0.0206,
                  0.0206, 0.0117, 0.0117, 0.0182, 0.0182, 0.019, 0.019, 0.0237,
                  0.0237, 0.0237, 0.0237)
#: Correlation of each keypoint's jitter with its parent's
#: (:data:`~mmclimb.structures.CLIMBALONG_PARENTS`; 0 for the roots),
#: fitted to MediaPipe Pose on real video (docs/detector_noise.md).
DEFAULT_PARENT_CORRELATION = (0.0, 0.8, 0.8, 0.0, 0.0, 0.9, 0.9, 0.9,
                              0.9, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97, 0.9,
                              0.9, 0.6, 0.6, 0.9, 0.9, 0.97, 0.97, 0.93, 0.93)
#: Outlier episode rate per keypoint and frame (face and torso lower).
DEFAULT_OUTLIER_RATE = (0.015, 0.015, 0.015, 0.015, 0.015, 0.03, 0.03,
                        0.045, 0.045, 0.045, 0.045, 0.045, 0.045, 0.045,
                        0.045, 0.012, 0.012, 0.03, 0.03, 0.045, 0.045, 0.045,
                        0.045, 0.045, 0.045)


#: Keypoints that a detector misplaces as one piece (the face, the hands
#: and the feet, whose residuals follow the nose's, wrist's and ankle's at
#: a correlation of 0.78-0.95 on real video).
DEFAULT_OUTLIER_GROUPS = ((0, 1, 2), (7, 9, 11, 13), (8, 10, 12, 14),
                          (19, 21, 23), (20, 22, 24))

#: Limbs that lose track as one piece (erratic tracking): each arm (elbow,
#: wrist, fingers) and each leg (knee, ankle, heel, toes).
DEFAULT_ERRATIC_GROUPS = ((5, 7, 9, 11, 13), (6, 8, 10, 12, 14),
                          (17, 19, 21, 23), (18, 20, 22, 24))
#: Erratic displacement std per keypoint at an episode's middle, in torsos
#: (half at the elbows and knees, which stray less than the hands and feet
#: on real video; 0 outside the limbs).
DEFAULT_ERRATIC_SIZE = (0.0, 0.0, 0.0, 0.0, 0.0, 0.12, 0.12, 0.25, 0.25,
                        0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.0, 0.0, 0.12,
                        0.12, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25)

#: Keypoint pairs that real detectors swap together (left index first).
SWAP_GROUPS = dict(
    arms=((5, 6), (7, 8), (9, 10), (11, 12), (13, 14)),
    legs=((17, 18), (19, 20), (21, 22), (23, 24)),
    body=((1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14),
          (15, 16), (17, 18), (19, 20), (21, 22), (23, 24)))
#: Group flip start rates per frame, fitted to MediaPipe on real video.
DEFAULT_GROUP_SWAP_RATE = dict(arms=0.002, legs=0.016, body=0.003)


def torso_size(keypoints: np.ndarray, visible: np.ndarray) -> float:
    """The window's torso diameter in pixels (see the module docstring):
    medians over frames of the torso and of a quarter of the frame's
    keypoint extent, the larger of the two."""
    left = np.linalg.norm(keypoints[:, 3] - keypoints[:, 15], axis=-1)
    right = np.linalg.norm(keypoints[:, 4] - keypoints[:, 16], axis=-1)
    torso = np.median((left + right) / 2)
    sides = frame_extents(keypoints, np.asarray(visible) > 0)[1]
    sides = sides[np.isfinite(sides)]
    extent = float(np.median(sides)) if len(sides) else 0.0
    return float(max(torso, extent / 4, 1.0))


def _per_keypoint(value: FloatOrSeq, num_keypoints: int,
                  name: str) -> np.ndarray:
    array = np.broadcast_to(np.asarray(value, dtype=np.float64),
                            (num_keypoints, )) if np.ndim(value) == 0 \
        else np.asarray(value, dtype=np.float64)
    if array.shape != (num_keypoints, ):
        raise ValueError(f'{name}: expected one value or {num_keypoints}, '
                         f'got {array.shape}')
    return array


def _ar1(innovation: np.ndarray, seconds: float, fps: float) -> np.ndarray:
    """A unit-variance AR(1) along axis 0 of unit Gaussian ``innovation``
    (T, ...), of correlation time ``seconds`` at ``fps`` (0: white)."""
    rho = float(np.exp(-1.0 / (seconds * fps))) if seconds > 0 else 0.0
    keep = np.sqrt(1 - rho**2)
    out = np.empty_like(innovation)
    out[0] = innovation[0]
    for t in range(1, len(innovation)):
        out[t] = rho * out[t - 1] + keep * innovation[t]
    return out


def _episodes(rng, shape: Tuple[int, ...], rate: np.ndarray,
              frames: Tuple[int, int]) -> list:
    """Starts (t, k) and lengths of events with per-k start ``rate``."""
    starts = np.argwhere(rng.random(shape) < rate)
    lengths = rng.integers(frames[0], frames[1] + 1, size=len(starts))
    return list(zip(starts, lengths))


@TRANSFORMS.register_module()
class SimulateKeypointNoise(BaseTransform):
    """Noisy detections from clean keypoints; see the module docstring.

    Args:
        jitter (float | Sequence[float]): Jitter std per keypoint, torsos.
        jitter_gain (tuple): Log-uniform range of the per-window gain g.
        correlation_seconds (tuple): Range of the AR(1) correlation time.
        jitter_parents (Sequence[int], optional): Each keypoint's parent,
            -1 for a root, parents before children; None for
            :data:`~mmclimb.structures.CLIMBALONG_PARENTS`.
        jitter_parent_correlation (float | Sequence[float]): Correlation
            of each keypoint's jitter with its parent's, in [0, 1).
        outlier_rate (float | Sequence[float]): Episode start rates.
        outlier_size (float): Median episode size, torsos.
        outlier_spread (float): Log-normal sigma of the episode size.
        outlier_frames (tuple): Episode length range, frames.
        outlier_groups (Sequence[Sequence[int]]): Keypoints whose outlier
            episodes are shared (disjoint groups).
        erratic_groups (Sequence[Sequence[int]]): Limbs that lose track as
            one piece.
        erratic_rate (float): Erratic episode start rate per limb and
            second.
        erratic_seconds (tuple): Episode length range, seconds.
        erratic_size (float | Sequence[float]): Displacement std per
            keypoint at an episode's middle, torsos.
        erratic_correlation_seconds (float): Correlation time of the
            displacement within an episode (0: a fresh one every frame).
        swap_rate (float): Swap start rate per pair and frame.
        swap_frames (tuple): Swap length range, frames.
        group_swap_rate (dict): Flip start rate per frame of each group of
            :data:`SWAP_GROUPS`.
        group_swap_frames (tuple): Group flip length range, frames.
        drop_frame_rate (float): Missing-frame start rate.
        drop_frames (tuple): Missing-frame run length range.
        drop_point_rate (float): Missing-point rate.
        seed (int, optional): Fixed draws per window (validation).
    """

    def __init__(self,
                 jitter: FloatOrSeq = DEFAULT_JITTER,
                 jitter_gain: Tuple[float, float] = (0.5, 2.0),
                 correlation_seconds: Tuple[float, float] = (0.0, 0.05),
                 jitter_parents: Optional[Sequence[int]] = None,
                 jitter_parent_correlation: FloatOrSeq = (
                     DEFAULT_PARENT_CORRELATION),
                 outlier_rate: FloatOrSeq = DEFAULT_OUTLIER_RATE,
                 outlier_size: float = 0.3,
                 outlier_spread: float = 0.6,
                 outlier_frames: Tuple[int, int] = (1, 6),
                 outlier_groups: Sequence[Sequence[int]] = (
                     DEFAULT_OUTLIER_GROUPS),
                 erratic_groups: Sequence[Sequence[int]] = (
                     DEFAULT_ERRATIC_GROUPS),
                 erratic_rate: float = 0.12,
                 erratic_seconds: Tuple[float, float] = (0.2, 0.6),
                 erratic_size: FloatOrSeq = DEFAULT_ERRATIC_SIZE,
                 erratic_correlation_seconds: float = 0.02,
                 swap_rate: float = 0.001,
                 swap_frames: Tuple[int, int] = (1, 3),
                 group_swap_rate: Optional[dict] = None,
                 group_swap_frames: Tuple[int, int] = (1, 8),
                 drop_frame_rate: float = 0.018,
                 drop_frames: Tuple[int, int] = (1, 3),
                 drop_point_rate: float = 0.0,
                 seed: Optional[int] = None):
        self.jitter = jitter
        self.jitter_gain = tuple(jitter_gain)
        self.correlation_seconds = tuple(correlation_seconds)
        self.jitter_parents = tuple(CLIMBALONG_PARENTS if jitter_parents is
                                    None else jitter_parents)
        bad = [k for k, p in enumerate(self.jitter_parents)
               if not -1 <= p < k]
        if bad:
            raise ValueError(f'jitter_parents: keypoints {bad} have a parent '
                             'that is not -1 or an earlier keypoint')
        self.jitter_parent_correlation = jitter_parent_correlation
        self.outlier_rate = outlier_rate
        self.outlier_size = outlier_size
        self.outlier_spread = outlier_spread
        self.outlier_frames = tuple(outlier_frames)
        self.outlier_groups = tuple(tuple(int(k) for k in g)
                                    for g in outlier_groups)
        members = [k for g in self.outlier_groups for k in g]
        if len(members) != len(set(members)):
            raise ValueError(f'outlier_groups overlap: {self.outlier_groups}')
        self.erratic_groups = tuple(tuple(int(k) for k in g)
                                    for g in erratic_groups)
        self.erratic_rate = erratic_rate
        self.erratic_seconds = tuple(erratic_seconds)
        if not 0 < self.erratic_seconds[0] <= self.erratic_seconds[1]:
            raise ValueError(f'erratic_seconds: expected 0 < low <= high, '
                             f'got {self.erratic_seconds}')
        self.erratic_size = erratic_size
        self.erratic_correlation_seconds = erratic_correlation_seconds
        self.swap_rate = swap_rate
        self.swap_frames = tuple(swap_frames)
        self.group_swap_rate = dict(DEFAULT_GROUP_SWAP_RATE if
                                    group_swap_rate is None else
                                    group_swap_rate)
        unknown = set(self.group_swap_rate) - set(SWAP_GROUPS)
        if unknown:
            raise ValueError(f'group_swap_rate: unknown groups '
                             f'{sorted(unknown)}; known: {list(SWAP_GROUPS)}')
        self.group_swap_frames = tuple(group_swap_frames)
        self.drop_frame_rate = drop_frame_rate
        self.drop_frames = tuple(drop_frames)
        self.drop_point_rate = drop_point_rate
        self.seed = seed

    def _jitter(self, rng, shape: Tuple[int, int], fps: float) -> np.ndarray:
        """(T, K, 2) AR(1) jitter in torsos."""
        num_frames, num_keypoints = shape
        gain = np.exp(rng.uniform(*np.log(self.jitter_gain)))
        scale = _per_keypoint(self.jitter, num_keypoints, 'jitter') * gain
        tau = rng.uniform(*self.correlation_seconds)
        noise = _ar1(rng.normal(size=(num_frames, num_keypoints, 2)), tau,
                     fps)
        return self._share_along_tree(noise) * scale[:, None]

    def _share_along_tree(self, own: np.ndarray) -> np.ndarray:
        """(T, K, 2) unit noise, each keypoint correlated with its parent
        by ``jitter_parent_correlation`` (module docstring)."""
        num_keypoints = own.shape[1]
        if len(self.jitter_parents) != num_keypoints:
            raise ValueError(f'jitter_parents has {len(self.jitter_parents)} '
                             f'entries for {num_keypoints} keypoints')
        corr = _per_keypoint(self.jitter_parent_correlation, num_keypoints,
                             'jitter_parent_correlation')
        shared = own.copy()
        for k, parent in enumerate(self.jitter_parents):
            if parent >= 0 and corr[k] > 0:
                shared[:, k] = (corr[k] * shared[:, parent] +
                                np.sqrt(1 - corr[k]**2) * own[:, k])
        return shared

    def _outliers(self, rng, shape: Tuple[int, int]) -> np.ndarray:
        """(T, K, 2) outlier displacements in torsos."""
        num_frames, num_keypoints = shape
        rate = _per_keypoint(self.outlier_rate, num_keypoints,
                             'outlier_rate')
        units = self._outlier_units(num_keypoints)
        unit_rate = np.array([rate[list(unit)].mean() for unit in units])
        out = np.zeros(shape + (2, ))
        for (t, u), length in _episodes(rng, (num_frames, len(units)),
                                        unit_rate, self.outlier_frames):
            size = self.outlier_size * np.exp(
                rng.normal(0, self.outlier_spread))
            angle = rng.uniform(0, 2 * np.pi)
            envelope = np.hanning(length + 2)[1:-1]
            stop = min(t + length, num_frames)
            step = size * envelope[:stop - t, None] * np.array(
                [np.cos(angle), np.sin(angle)])
            out[t:stop, list(units[u])] += step[:, None]
        return out

    def _erratic(self, rng, shape: Tuple[int, int],
                 fps: float) -> np.ndarray:
        """(T, K, 2) erratic-tracking displacements in torsos."""
        num_frames, num_keypoints = shape
        out = np.zeros(shape + (2, ))
        if self.erratic_rate <= 0 or not self.erratic_groups:
            return out
        if max(max(g) for g in self.erratic_groups) >= num_keypoints:
            raise ValueError(f'erratic_groups name keypoints beyond the '
                             f'{num_keypoints} of the input')
        size = _per_keypoint(self.erratic_size, num_keypoints,
                             'erratic_size')
        frames = tuple(max(1, int(round(s * fps)))
                       for s in self.erratic_seconds)
        for (t, g), length in _episodes(rng, (num_frames, len(
                self.erratic_groups)), self.erratic_rate / fps, frames):
            stop = min(t + length, num_frames)
            walk = _ar1(rng.normal(size=(stop - t, 2)),
                        self.erratic_correlation_seconds, fps)
            envelope = np.hanning(length + 2)[1:-1][:stop - t]
            members = list(self.erratic_groups[g])
            out[t:stop, members] += (envelope[:, None] * walk)[:, None] * \
                size[members][:, None]
        return out

    def _outlier_units(self, num_keypoints: int) -> list:
        """The groups of ``outlier_groups`` and every other keypoint alone,
        as tuples of keypoint indices."""
        grouped = {k for g in self.outlier_groups for k in g}
        if grouped and max(grouped) >= num_keypoints:
            raise ValueError(f'outlier_groups name keypoints beyond the '
                             f'{num_keypoints} of the input')
        return list(self.outlier_groups) + [
            (k, ) for k in range(num_keypoints) if k not in grouped]

    def _swap(self, rng, keypoints: np.ndarray,
              flip: np.ndarray) -> np.ndarray:
        """Left/right pairs, and whole groups, swapped for short runs."""
        num_frames = len(keypoints)
        pairs = [(k, int(j)) for k, j in enumerate(flip) if k < j]
        swapped = np.zeros((num_frames, len(keypoints[0])), bool)
        for (t, p), length in _episodes(rng, (num_frames, len(pairs)),
                                        self.swap_rate, self.swap_frames):
            swapped[t:t + length, list(pairs[p])] ^= True
        for name, rate in self.group_swap_rate.items():
            members = [k for pair in SWAP_GROUPS[name] for k in pair]
            for (t, _), length in _episodes(rng, (num_frames, 1), rate,
                                            self.group_swap_frames):
                swapped[t:t + length, members] ^= True
        # a keypoint flagged takes its partner's position (both of a pair
        # are always flagged together)
        partner = np.asarray(flip)
        return np.where(swapped[..., None], keypoints[:, partner], keypoints)

    def _dropped(self, rng, shape: Tuple[int, int]) -> np.ndarray:
        """(T, K) True where a point is missing (never a whole window)."""
        dropped = rng.random(shape) < self.drop_point_rate
        for (t, _), length in _episodes(rng, (shape[0], 1),
                                        self.drop_frame_rate,
                                        self.drop_frames):
            dropped[t:t + length] = True
        if dropped.all(axis=1).all():
            dropped[rng.integers(shape[0])] = False
        return dropped

    def transform(self, results: dict) -> dict:
        rng = window_rng(self.seed, results.get('sample_idx'))
        clean = np.asarray(results['keypoints'], dtype=np.float64)
        visible = np.asarray(results['keypoints_visible'])
        fps = float(results.get('fps', 30.0))
        shape = clean.shape[:2]
        torso = torso_size(clean, visible)
        noisy = clean + torso * (self._jitter(rng, shape, fps) +
                                 self._outliers(rng, shape) +
                                 self._erratic(rng, shape, fps))
        noisy = self._swap(rng, noisy, np.asarray(results['flip_indices']))
        dropped = self._dropped(rng, shape)
        noisy[dropped] = np.nan
        filled, _ = fill_missing_keypoints(noisy)
        results['input_keypoints'] = filled.astype(np.float32)
        results['input_visible'] = (~dropped).astype(np.float32)
        results['noise_torso'] = torso
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(jitter_gain={self.jitter_gain}, '
                f'correlation_seconds={self.correlation_seconds}, '
                f'jitter_parent_correlation={self.jitter_parent_correlation}, '
                f'outlier_size={self.outlier_size}, '
                f'erratic_rate={self.erratic_rate}, '
                f'swap_rate={self.swap_rate}, '
                f'group_swap_rate={self.group_swap_rate}, '
                f'drop_frame_rate={self.drop_frame_rate}, seed={self.seed})')
