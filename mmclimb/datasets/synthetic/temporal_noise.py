"""Time profiles and temporally correlated noise for the synthetic videos.

Symbols: T frames (time is always the first axis), M segments, ``...`` any
trailing shape.

Contract:
    - :func:`minimum_jerk` maps progress ``s`` in [0, 1] to the
      minimum-jerk profile ``10 s^3 - 15 s^4 + 6 s^5`` (clipped outside).
    - :func:`segment_progress` gives (T, M) progress of M timed segments.
    - :func:`ar1_noise` draws a stationary AR(1) process of shape (T, ...)
      with the given marginal standard deviation and correlation time.
    - :func:`event_mask` draws boolean spans (T, ...): events start with a
      per-frame probability and last a random number of frames.
"""
from typing import Sequence, Tuple, Union

import numpy as np
from scipy.signal import lfilter

__all__ = ['minimum_jerk', 'segment_progress', 'ar1_noise', 'event_mask']


def minimum_jerk(progress: np.ndarray) -> np.ndarray:
    """The minimum-jerk position profile, 0 at s <= 0 and 1 at s >= 1.

    Args:
        progress (np.ndarray): Progress ``s`` of any shape.

    Returns:
        np.ndarray: ``10 s^3 - 15 s^4 + 6 s^5`` of ``clip(s, 0, 1)``.
    """
    s = np.clip(progress, 0.0, 1.0)
    return s**3 * (10.0 + s * (-15.0 + 6.0 * s))


def segment_progress(times: np.ndarray, starts: np.ndarray,
                     ends: np.ndarray) -> np.ndarray:
    """Linear progress of each segment at each time, clipped to [0, 1].

    Args:
        times (np.ndarray): (T,) time stamps.
        starts (np.ndarray): (M,) segment start times.
        ends (np.ndarray): (M,) segment end times (> starts).

    Returns:
        np.ndarray: (T, M) progress.
    """
    span = np.maximum(ends - starts, 1e-9)
    return np.clip((times[:, None] - starts[None]) / span[None], 0.0, 1.0)


def ar1_noise(rng: np.random.Generator, shape: Union[int, Sequence[int]],
              std: Union[float, np.ndarray], tau: float) -> np.ndarray:
    """A stationary AR(1) process along the first axis.

    ``n[t] = rho * n[t-1] + sqrt(1 - rho^2) * std * e[t]`` with
    ``rho = exp(-1 / tau)`` and ``n[0] ~ N(0, std^2)``.

    Args:
        rng (np.random.Generator): Source of randomness.
        shape (int | Sequence[int]): (T, ...) output shape.
        std (float | np.ndarray): Marginal standard deviation, broadcast
            against ``shape[1:]``.
        tau (float): Correlation time in frames (> 0).

    Returns:
        np.ndarray: (T, ...) float64 noise.
    """
    shape = (shape, ) if np.isscalar(shape) else tuple(shape)
    rho = float(np.exp(-1.0 / max(tau, 1e-6)))
    white = rng.standard_normal(shape)
    white[1:] *= np.sqrt(1.0 - rho**2)
    process = lfilter([1.0], [1.0, -rho], white, axis=0)
    return process * std


def event_mask(rng: np.random.Generator, shape: Tuple[int, ...],
               rate: Union[float, np.ndarray],
               duration: Tuple[int, int]) -> np.ndarray:
    """Random spans of events along the first axis.

    Args:
        rng (np.random.Generator): Source of randomness.
        shape (tuple[int, ...]): (T, ...) output shape.
        rate (float | np.ndarray): Per-frame probability that an event
            starts, broadcast against ``shape``.
        duration (tuple[int, int]): Inclusive range of event lengths in
            frames.

    Returns:
        np.ndarray: (T, ...) bool, True while an event lasts.
    """
    starts = rng.random(shape) < rate
    lengths = rng.integers(duration[0], duration[1] + 1, size=shape)
    frame = np.arange(shape[0]).reshape((-1, ) + (1, ) * (len(shape) - 1))
    end = np.where(starts, frame + lengths, -1)
    return np.maximum.accumulate(end, axis=0) > frame
