"""Errors of the simulated detector's heatmap peaks.

Symbols: T frames, K keypoints, heatmaps of W x H = 56 x 56; positions
``(u, v)`` in heatmap coordinates (pixel centres at integers, see
``docs/climbalong_format.md``), group g of a keypoint as in
:data:`.keypoint_layout.KEYPOINT_GROUP`.

Contract:
    :meth:`PeakErrorModel.sample` takes the true projections (T, K, 2) of a
    video's keypoints into its boxes and returns the peak parameters of
    every heatmap (a dict of arrays):

    - ``centre`` (T, K, 2): the main peak, ``clip(true, 0, W-1)`` of the
      keypoint (or, during a left/right swap of its limb, of its flip
      partner) plus the detector's labelling offset (a fixed (K, 2) shift,
      the same in every frame and video: where its training labels put a
      joint differs from where the annotators put it), per-frame jitter
      (Student-t, heavy-tailed) and an AR(1) drift, both with per-group
      scales times a per-video quality factor, clipped to the heatmap;
    - ``amplitude`` (T, K): peak height above the background (above its
      level, so the peak logit is positive, for a normal peak); low, on a
      random spot of the heatmap, for a missed point;
    - ``sigma`` (T, K): peak width; wide for missed and blurred points;
    - ``second_centre`` (T, K, 2) and ``second_amplitude`` (T, K): a second
      peak a few pixels away during double-peak events (amplitude 0
      otherwise), sometimes as high as the main one.

    The rendered heatmap's integer argmax, compared with the rounded
    clipped truth, therefore errs by quantisation, the labelling offset,
    jitter, drift, swaps, misses, blur and double peaks. Only the offset is
    learnable from a single frame; the rest needs the neighbouring frames.

    :meth:`PeakErrorModel.labelling_offsets` gives the (K, 2) offset in
    whole heatmap pixels: per keypoint a length set by its group times a
    direction drawn once from ``offset_seed``, rounded (so the default
    length 1 gives one pixel along an axis or a diagonal, learnable even
    from integer argmax positions), mirror-symmetric (a right keypoint's offset is its left
    partner's with ``u`` negated; the nose's points straight up or down),
    so a left/right flip of the image maps the offsets onto each other.
"""
from typing import Dict, Sequence, Tuple

import numpy as np

from .keypoint_layout import (FLIP_INDICES, KEYPOINT_GROUP, LIMB_CHAINS,
                              NUM_KEYPOINTS)
from .temporal_noise import ar1_noise, event_mask

__all__ = ['PeakErrorModel']


class PeakErrorModel:
    """Per-video sampling of the heatmap peaks' errors.

    Args:
        offset (Sequence[float]): Length of the labelling offset per
            keypoint group, heatmap pixels, before rounding to whole
            pixels.
        offset_seed (int): Seed of the offsets' directions.
        jitter (Sequence[float]): Scale of the per-frame error per keypoint
            group (torso, head, mid_limb, limb_end, extremity), heatmap
            pixels.
        jitter_df (float): Degrees of freedom of the per-frame error's
            Student-t distribution (heavy tails; ``inf`` for a Gaussian).
        drift (Sequence[float]): Std of the slow AR(1) drift per group.
        drift_tau (float): Correlation time of the drift in frames.
        quality (tuple[float, float]): Range of the per-video factor on
            jitter and drift.
        amplitude (tuple[float, float]): Range of a normal peak's height.
        sigma (tuple[float, float]): Range of a normal peak's width.
        swap_rate (float): Per-frame chance, per limb chain, that a
            left/right swap starts.
        swap_duration (tuple[int, int]): Swap lengths in frames.
        miss_rate (Sequence[float]): Per-frame chance per group that the
            detector starts missing a point.
        miss_duration (tuple[int, int]): Miss lengths in frames.
        blur_rate (Sequence[float]): Per-frame chance per group that a
            blurred (wide, low) peak starts.
        blur_duration (tuple[int, int]): Blur lengths in frames.
        blur_sigma (tuple[float, float]): Range of a blurred peak's width.
        double_rate (Sequence[float]): Per-frame chance per group that a
            double peak starts.
        double_duration (tuple[int, int]): Double-peak lengths in frames.
        double_distance (tuple[float, float]): Range of the second peak's
            distance from the main one, heatmap pixels.
        double_ratio (tuple[float, float]): Range of the second peak's
            height relative to the main one.
        heatmap_size (int): W = H of the heatmaps. Defaults to 56.
    """

    def __init__(self,
                 offset: Sequence[float] = (0.0, 0.0, 1.0, 1.0, 1.0),
                 offset_seed: int = 0,
                 jitter: Sequence[float] = (0.22, 0.25, 0.33, 0.37, 0.48),
                 jitter_df: float = 2.5,
                 drift: Sequence[float] = (0.18, 0.2, 0.26, 0.3, 0.36),
                 drift_tau: float = 12.0,
                 quality: Tuple[float, float] = (0.8, 1.25),
                 amplitude: Tuple[float, float] = (6.5, 12.0),
                 sigma: Tuple[float, float] = (1.2, 2.0),
                 swap_rate: float = 0.005,
                 swap_duration: Tuple[int, int] = (3, 10),
                 miss_rate: Sequence[float] = (0.0012, 0.0018, 0.005, 0.0085,
                                               0.0145),
                 miss_duration: Tuple[int, int] = (2, 12),
                 blur_rate: Sequence[float] = (0.001, 0.0015, 0.003, 0.004,
                                               0.006),
                 blur_duration: Tuple[int, int] = (3, 15),
                 blur_sigma: Tuple[float, float] = (2.5, 4.0),
                 double_rate: Sequence[float] = (0.0012, 0.0018, 0.005, 0.0072,
                                                 0.011),
                 double_duration: Tuple[int, int] = (2, 8),
                 double_distance: Tuple[float, float] = (4.0, 14.0),
                 double_ratio: Tuple[float, float] = (0.6, 1.3),
                 heatmap_size: int = 56):
        self.offset = np.asarray(offset, dtype=float)
        self.offset_seed = int(offset_seed)
        self.jitter = np.asarray(jitter, dtype=float)
        self.jitter_df = float(jitter_df)
        self.drift = np.asarray(drift, dtype=float)
        self.drift_tau = float(drift_tau)
        self.quality = tuple(map(float, quality))
        self.amplitude = tuple(map(float, amplitude))
        self.sigma = tuple(map(float, sigma))
        self.swap_rate = float(swap_rate)
        self.swap_duration = tuple(map(int, swap_duration))
        self.miss_rate = np.asarray(miss_rate, dtype=float)
        self.miss_duration = tuple(map(int, miss_duration))
        self.blur_rate = np.asarray(blur_rate, dtype=float)
        self.blur_duration = tuple(map(int, blur_duration))
        self.blur_sigma = tuple(map(float, blur_sigma))
        self.double_rate = np.asarray(double_rate, dtype=float)
        self.double_duration = tuple(map(int, double_duration))
        self.double_distance = tuple(map(float, double_distance))
        self.double_ratio = tuple(map(float, double_ratio))
        self.heatmap_size = int(heatmap_size)

    def sample(self, rng: np.random.Generator,
               true_uv: np.ndarray) -> Dict[str, np.ndarray]:
        """Peak parameters of every heatmap of one video.

        Args:
            rng (np.random.Generator): Source of randomness.
            true_uv (np.ndarray): (T, K, 2) true projections into the boxes,
                heatmap coordinates (may lie outside the heatmap).

        Returns:
            dict: ``centre``, ``amplitude``, ``sigma``, ``second_centre``,
            ``second_amplitude`` (see the module docstring).
        """
        num = len(true_uv)
        top = self.heatmap_size - 1.0
        source = self.swap_sources(rng, num)
        centre = np.take_along_axis(
            np.clip(true_uv, 0.0, top), source[..., None], axis=1)
        centre = np.clip(centre + self.position_errors(rng, num), 0.0, top)
        amplitude, sigma = self._blur(rng, *self._normal_peaks(rng, num))
        centre, amplitude, sigma = self._miss(rng, centre, amplitude, sigma)
        second_centre, second_amplitude = self._double_peaks(
            rng, centre, amplitude)
        return dict(
            centre=centre,
            amplitude=amplitude,
            sigma=sigma,
            second_centre=second_centre,
            second_amplitude=second_amplitude)

    def swap_sources(self, rng: np.random.Generator,
                     num_frames: int) -> np.ndarray:
        """(T, K) int: whose true position each peak sits on.

        Normally a keypoint's own index; during a swap of a limb chain the
        left and right chains exchange positions.
        """
        source = np.tile(np.arange(NUM_KEYPOINTS), (num_frames, 1))
        for left, right in LIMB_CHAINS.values():
            swapped = event_mask(rng, (num_frames, ), self.swap_rate,
                                 self.swap_duration)
            source[np.ix_(swapped, left)] = right
            source[np.ix_(swapped, right)] = left
        return source

    def labelling_offsets(self) -> np.ndarray:
        """(K, 2) the detector's fixed offset per keypoint, heatmap pixels."""
        angle = np.random.default_rng(self.offset_seed).uniform(
            0.0, 2.0 * np.pi, NUM_KEYPOINTS)
        direction = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
        middle = FLIP_INDICES == np.arange(NUM_KEYPOINTS)
        direction[middle] = [0.0, 1.0] * np.sign(direction[middle, 1:] + 0.5)
        right = FLIP_INDICES < np.arange(NUM_KEYPOINTS)
        direction[right] = direction[FLIP_INDICES[right]] * [-1.0, 1.0]
        return np.round(self.offset[KEYPOINT_GROUP][:, None] * direction)

    def position_errors(self, rng: np.random.Generator,
                        num_frames: int) -> np.ndarray:
        """(T, K, 2) jitter plus drift in heatmap pixels."""
        quality = rng.uniform(*self.quality)
        jitter = self.jitter[KEYPOINT_GROUP][:, None] * quality
        drift = self.drift[KEYPOINT_GROUP][:, None] * quality
        shape = (num_frames, NUM_KEYPOINTS, 2)
        if np.isinf(self.jitter_df):
            standard = rng.standard_normal(shape)
        else:
            standard = rng.standard_t(self.jitter_df, shape)
        return (self.labelling_offsets() + standard * jitter +
                ar1_noise(rng, shape, drift, self.drift_tau))

    def _normal_peaks(self, rng: np.random.Generator,
                      num_frames: int) -> Tuple[np.ndarray, np.ndarray]:
        """(T, K) heights and widths: per keypoint, varying +-15% / 10%."""
        shape = (num_frames, NUM_KEYPOINTS)
        amplitude = rng.uniform(*self.amplitude, NUM_KEYPOINTS)
        sigma = rng.uniform(*self.sigma, NUM_KEYPOINTS)
        return (amplitude * rng.uniform(0.85, 1.15, shape),
                sigma * rng.uniform(0.9, 1.1, shape))

    def _blur(self, rng: np.random.Generator, amplitude: np.ndarray,
              sigma: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Lower and widen the peaks during blur events."""
        shape = amplitude.shape
        blurred = event_mask(rng, shape, self.blur_rate[KEYPOINT_GROUP],
                             self.blur_duration)
        amplitude = np.where(blurred,
                             amplitude * rng.uniform(0.5, 0.85, shape),
                             amplitude)
        sigma = np.where(blurred, rng.uniform(*self.blur_sigma, shape), sigma)
        return amplitude, sigma

    def _miss(self, rng: np.random.Generator, centre: np.ndarray,
              amplitude: np.ndarray,
              sigma: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """During miss events, a weak wide bump on a random spot, held while
        the event lasts (the heatmap stays near its negative background)."""
        shape = amplitude.shape
        missed = event_mask(rng, shape, self.miss_rate[KEYPOINT_GROUP],
                            self.miss_duration)
        spot = _hold_per_event(
            rng.uniform(0.0, self.heatmap_size - 1.0, centre.shape),
            missed[..., None])
        centre = np.where(missed[..., None], spot, centre)
        amplitude = np.where(missed, rng.uniform(0.3, 1.2, shape), amplitude)
        sigma = np.where(missed, rng.uniform(2.5, 5.0, shape), sigma)
        return centre, amplitude, sigma

    def _double_peaks(self, rng: np.random.Generator, centre: np.ndarray,
                      amplitude: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Second peaks: (T, K, 2) centres and (T, K) heights (0 if none).

        Each event keeps one direction, distance and relative height.
        """
        shape = amplitude.shape
        active = event_mask(rng, shape, self.double_rate[KEYPOINT_GROUP],
                            self.double_duration)
        angle = _hold_per_event(rng.uniform(0.0, 2.0 * np.pi, shape), active)
        distance = _hold_per_event(
            rng.uniform(*self.double_distance, shape), active)
        ratio = _hold_per_event(rng.uniform(*self.double_ratio, shape), active)
        direction = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
        second = np.clip(centre + distance[..., None] * direction, 0.0,
                         self.heatmap_size - 1.0)
        return second, np.where(active, ratio * np.abs(amplitude), 0.0)

    def config(self) -> dict:
        """The model's parameters as plain JSON-able values."""
        return {key: _plain(value) for key, value in vars(self).items()}


def _hold_per_event(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Hold the value drawn at each event's first frame while it lasts.

    Args:
        values (np.ndarray): (T, ...) per-frame draws.
        active (np.ndarray): (T, ...) bool event spans.

    Returns:
        np.ndarray: (T, ...) values; outside events, arbitrary draws.
    """
    before = np.concatenate([np.zeros_like(active[:1]), active[:-1]])
    frame = np.arange(len(active)).reshape((-1, ) + (1, ) * (active.ndim - 1))
    first = np.maximum.accumulate(np.where(active & ~before, frame, 0), axis=0)
    return np.take_along_axis(values, first, axis=0)


def _plain(value):
    """Arrays and tuples as lists, for JSON."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    return list(value) if isinstance(value, tuple) else value
