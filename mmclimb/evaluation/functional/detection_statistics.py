"""What a keypoint detector's output shows about its errors, without
ground truth.

Symbols: T frames, K keypoints, (x, y) image pixels, ``torso`` the
sequence's median torso diameter (mean of the left and right
shoulder-hip distances, keypoints 3-15 and 4-16), f the frame rate.

The detections are cut into *tracks*: runs of frames with a detection,
split where no keypoint is present and where the whole body jumps by more
than ``switch_torso`` torsos in one frame (the detector switched to another
person). On each track a robust smoother (a running median over
``median_frames`` frames, then a Savitzky-Golay fit of order 2 over about
``smooth_seconds``) stands in for the unknown truth; the *residual* is the
detection minus that, in torsos. The same estimator run on simulated
detections of known motion (``tools/analysis/detection_noise_stats.py``)
is how the noise model is fitted: both sides carry the same leakage of
fast motion into the residual.

:func:`detection_statistics` returns a dict of plain numbers and arrays:

- ``num_frames``, ``num_tracks``, ``track_switches``, ``torso_px``;
- ``missing_frame_rate``: frames without any keypoint / all frames,
  ``missing_run_lengths`` (list of int);
- ``missing_point_rate``: missing keypoints in frames that have some;
- ``residual_scale`` (K,): 1.4826 x the median absolute residual per axis
  (a Gaussian's sigma, robust to outliers), in torsos;
- ``residual_acf`` (L,): autocorrelation of the residual at lags 1..L
  (residuals clipped to 4 scales), pooled over keypoints;
- ``parent_correlation`` (K,): correlation of each keypoint's clipped
  residual with its parent's (``parents``, default
  :data:`~mmclimb.structures.CLIMBALONG_PARENTS`), pooled over both axes
  and the tracks; NaN for a root: how much of its error a keypoint shares
  with its neighbour along the limb;
- ``outlier_rate`` (K,): share of frames whose residual exceeds 5 scales,
  ``outlier_size``: median size of those residuals in torsos;
- ``swap_rate``: share of (frame, left/right pair) where the swapped
  assignment fits the smoother better by more than ``swap_torso`` torsos,
  ``swap_run_lengths`` (list of int);
- ``group_flip_rate`` (dict arms / legs / body): flips of a whole group
  from one frame to the next, per frame: at least 60% of the group's pairs
  (75% of all 12 for ``body``, which then counts for no other group) fit
  the previous frame better swapped, by ``swap_torso`` torsos. A flip that
  lasts a few frames counts twice (on and off);
- ``speed`` and ``accel`` percentiles (5, 25, 50, 75, 95, 99) of the
  detections' per-frame motion in torsos x f and torsos x f^2 (so 30 and 60
  fps compare), ``residual_psd`` (frequencies in Hz, power) of the
  residual (Welch, pooled) and ``residual_hist`` (bin edges, density) of
  the residual sizes in torsos on :data:`HIST_EDGES`.
"""
from typing import Dict, List, Sequence, Tuple

import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import savgol_filter, welch

from mmclimb.structures import CLIMBALONG_PARENTS
from .torso_pck import torso_lengths

__all__ = [
    'FLIP_PAIRS', 'HIST_EDGES', 'detection_statistics', 'robust_smooth', 'split_tracks',
    'summarise', 'torso_scale'
]

#: ClimbAlong-25 left/right pairs (shoulders on).
FLIP_PAIRS: Tuple[Tuple[int, int], ...] = ((1, 2), (3, 4), (5, 6), (7, 8),
                                           (9, 10), (11, 12), (13, 14),
                                           (15, 16), (17, 18), (19, 20),
                                           (21, 22), (23, 24))
PERCENTILES = (5, 25, 50, 75, 95, 99)
#: Log-spaced bins of residual sizes, torsos.
HIST_EDGES = np.logspace(-3, 0, 31)


def torso_scale(keypoints: np.ndarray) -> float:
    """Median torso diameter (px) over the frames that have all four
    torso points; NaN when none has."""
    present = np.isfinite(keypoints).all(axis=-1)
    torso = torso_lengths(np.nan_to_num(keypoints), present)
    torso = torso[np.isfinite(torso)]
    return float(np.median(torso)) if len(torso) else float('nan')


def split_tracks(keypoints: np.ndarray, torso: float,
                 switch_torso: float = 1.0,
                 min_frames: int = 9) -> Tuple[List[slice], int]:
    """Runs of detected frames without a person switch.

    Args:
        keypoints (np.ndarray): (T, K, 2), NaN where missing.
        torso (float): The torso diameter in pixels.
        switch_torso (float): A median keypoint step above this many torsos
            between consecutive detected frames (also across frames without
            a detection) is a switch.
        min_frames (int): Shorter runs are dropped.

    Returns:
        tuple: the runs (slices of frames) and the number of switches.
    """
    detected = np.isfinite(keypoints).all(-1).any(-1)
    frames = np.flatnonzero(detected)
    # the median step between consecutive detected frames (across gaps)
    steps = np.linalg.norm(np.diff(keypoints[frames], axis=0), axis=-1)
    step = np.array([np.median(s[np.isfinite(s)]) if np.isfinite(s).any()
                     else 0.0 for s in steps])
    breaks = frames[1:][step > switch_torso * torso]
    tracks, start = [], None
    for t in range(len(keypoints) + 1):
        cut = t == len(keypoints) or not detected[t] or t in breaks
        if cut and start is not None:
            if t - start >= min_frames:
                tracks.append(slice(start, t))
            start = None
        if t < len(keypoints) and detected[t] and start is None:
            start = t
    return tracks, int(len(breaks))


def robust_smooth(track: np.ndarray, fps: float, median_frames: int = 5,
                  smooth_seconds: float = 0.3) -> np.ndarray:
    """Running median, then a Savitzky-Golay fit of order 2, along time.

    Args:
        track (np.ndarray): (T, K, 2) finite positions.
        fps (float): Frame rate.
        median_frames (int): Running-median length (odd).
        smooth_seconds (float): Savitzky-Golay window in seconds (rounded
            to an odd number of frames, at least 5, at most T).

    Returns:
        np.ndarray: (T, K, 2) smoothed positions.
    """
    median = median_filter(track, size=(median_frames, 1, 1), mode='nearest')
    frames = max(5, int(round(smooth_seconds * fps)) | 1)
    frames = min(frames, len(track) - (1 - len(track) % 2))
    if frames < 3:
        return median
    return savgol_filter(median, frames, min(2, frames - 1), axis=0,
                         mode='interp')


def _runs(mask: np.ndarray) -> List[int]:
    """Lengths of the runs of True of a 1-d bool array."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list((np.flatnonzero(edges < 0) - np.flatnonzero(edges > 0)))


def _fill(track: np.ndarray) -> np.ndarray:
    """Linear interpolation of missing points along time (edge hold)."""
    filled = track.copy()
    frames = np.arange(len(track))
    for k in range(track.shape[1]):
        present = np.isfinite(track[:, k]).all(-1)
        if not present.any():
            filled[:, k] = np.nanmedian(track, axis=1)
            continue
        for axis in range(2):
            filled[:, k, axis] = np.interp(frames, frames[present],
                                           track[present, k, axis])
    return filled


def _swaps(track: np.ndarray, smooth: np.ndarray,
           margin: float) -> np.ndarray:
    """(T, P) True where a left/right pair fits better swapped."""
    pairs = np.array(FLIP_PAIRS)
    left, right = track[:, pairs[:, 0]], track[:, pairs[:, 1]]
    s_left, s_right = smooth[:, pairs[:, 0]], smooth[:, pairs[:, 1]]

    def dist(a, b):
        return np.linalg.norm(a - b, axis=-1)

    kept = dist(left, s_left) + dist(right, s_right)
    swapped = dist(left, s_right) + dist(right, s_left)
    return swapped + margin < kept


def _density(values: np.ndarray) -> np.ndarray:
    """Histogram density on :data:`HIST_EDGES` (zeros when no value
    falls in them, e.g. noise-free input)."""
    counts, _ = np.histogram(values, HIST_EDGES)
    if counts.sum() == 0:
        return np.zeros(len(HIST_EDGES) - 1)
    return counts / counts.sum() / np.diff(HIST_EDGES)


#: Pair indices (into FLIP_PAIRS) of the groups that flip together.
FLIP_GROUPS = dict(arms=(2, 3, 4, 5, 6), legs=(8, 9, 10, 11))


def _group_flips(track: np.ndarray, margin: float) -> Dict[str, int]:
    """Frame-to-frame flips of the arms, the legs and the whole body."""
    pairs = np.array(FLIP_PAIRS)
    left, right = track[:, pairs[:, 0]], track[:, pairs[:, 1]]
    kept = (np.linalg.norm(left[1:] - left[:-1], axis=-1) +
            np.linalg.norm(right[1:] - right[:-1], axis=-1))
    crossed = (np.linalg.norm(left[1:] - right[:-1], axis=-1) +
               np.linalg.norm(right[1:] - left[:-1], axis=-1))
    flipped = crossed + margin < kept  # (T - 1, P)
    body = flipped.mean(axis=1) >= 0.75
    counts = dict(body=int(body.sum()))
    for name, index in FLIP_GROUPS.items():
        group = flipped[:, list(index)].mean(axis=1) >= 0.6
        counts[name] = int((group & ~body).sum())
    return counts


def _acf(residual: np.ndarray, lags: int) -> np.ndarray:
    """Autocorrelation at lags 1..lags of (T, K, 2) residuals, pooled."""
    series = residual.reshape(len(residual), -1)
    series = series - series.mean(axis=0)
    denom = (series**2).sum()
    return np.array([(series[lag:] * series[:-lag]).sum() / denom
                     for lag in range(1, lags + 1)])


def _parent_correlation(residuals: List[np.ndarray],
                        parents: Sequence[int]) -> np.ndarray:
    """(K,) correlation of each keypoint's residual with its parent's,
    pooled over the (N, K, 2) tracks (each centred); NaN for roots."""
    centred = np.concatenate([r - r.mean(axis=0) for r in residuals])
    out = np.full(centred.shape[1], np.nan)
    for k, parent in enumerate(parents):
        if parent >= 0:
            a, b = centred[:, k].ravel(), centred[:, parent].ravel()
            denom = np.sqrt((a**2).sum() * (b**2).sum())
            out[k] = (a * b).sum() / denom if denom > 0 else np.nan
    return out


def detection_statistics(keypoints: np.ndarray,
                         fps: float,
                         switch_torso: float = 1.0,
                         swap_torso: float = 0.25,
                         median_frames: int = 5,
                         smooth_seconds: float = 0.3,
                         acf_lags: int = 6,
                         parents: Sequence[int] = CLIMBALONG_PARENTS
                         ) -> Dict[str, object]:
    """Error statistics of one person's detections (module docstring).

    Args:
        keypoints (np.ndarray): (T, K, 2) image pixels, NaN where missing
            (K = 25 ClimbAlong keypoints).
        fps (float): Frame rate of the detections.
        switch_torso (float): See :func:`split_tracks`.
        swap_torso (float): The margin of a left/right swap, in torsos.
        median_frames (int): See :func:`robust_smooth`.
        smooth_seconds (float): See :func:`robust_smooth`.
        acf_lags (int): Lags of ``residual_acf``.
        parents (Sequence[int]): Each keypoint's parent (-1 for a root),
            for ``parent_correlation``.

    Returns:
        dict: See the module docstring.
    """
    keypoints = np.asarray(keypoints, dtype=np.float64)
    torso = torso_scale(keypoints)
    if not np.isfinite(torso) or torso <= 0:
        raise ValueError('detection_statistics: no frame has all four '
                         'torso keypoints (3, 4, 15, 16)')
    detected = np.isfinite(keypoints).all(-1).any(-1)
    tracks, switches = split_tracks(keypoints, torso, switch_torso,
                                    max(9, median_frames))
    if not tracks:
        raise ValueError('detection_statistics: no track of at least 9 '
                         'detected frames')
    residuals, swaps, motion = [], [], []
    flips = dict(arms=0, legs=0, body=0)
    missing_points = []
    for run in tracks:
        raw = keypoints[run]
        missing_points.append(~np.isfinite(raw).all(-1))
        track = _fill(raw)
        smooth = robust_smooth(track, fps, median_frames, smooth_seconds)
        residuals.append((track - smooth) / torso)
        swaps.append(_swaps(track, smooth, swap_torso * torso))
        for name, count in _group_flips(track, swap_torso * torso).items():
            flips[name] += count
        motion.append(track / torso)
    residual = np.concatenate(residuals)  # (N, K, 2)
    scale = 1.4826 * np.median(np.abs(residual), axis=(0, 2))  # (K,)
    size = np.linalg.norm(residual, axis=-1)  # (N, K)
    outliers = size > 5 * scale
    clipped = np.clip(residual, -4 * scale[:, None], 4 * scale[:, None])
    acf = np.mean([_acf(r.clip(-4 * scale[:, None], 4 * scale[:, None]),
                        acf_lags) for r in residuals if len(r) > acf_lags],
                  axis=0)
    # nfft fixed: every sequence gives the same 17 frequencies
    freqs, power = welch(clipped.reshape(len(clipped), -1),
                         fs=fps, nperseg=min(32, len(clipped)), nfft=32,
                         axis=0)
    speed = np.concatenate([
        np.linalg.norm(np.diff(m, axis=0), axis=-1).ravel() for m in motion])
    accel = np.concatenate([
        np.linalg.norm(np.diff(m, 2, axis=0), axis=-1).ravel()
        for m in motion if len(m) > 2])
    swap = np.concatenate(swaps)
    missing_point = np.concatenate(missing_points)
    return dict(
        num_frames=int(len(keypoints)),
        num_tracks=len(tracks),
        track_switches=switches,
        torso_px=torso,
        missing_frame_rate=float((~detected).mean()),
        missing_run_lengths=[int(n) for n in _runs(~detected)],
        missing_point_rate=float(missing_point.mean()),
        residual_scale=scale,
        residual_acf=acf,
        parent_correlation=_parent_correlation(
            [r.clip(-4 * scale[:, None], 4 * scale[:, None])
             for r in residuals], parents),
        outlier_rate=outliers.mean(axis=0),
        outlier_size=float(np.median(size[outliers]))
        if outliers.any() else 0.0,
        swap_rate=float(swap.mean()),
        swap_run_lengths=[int(n) for p in range(swap.shape[1])
                          for n in _runs(swap[:, p])],
        group_flip_rate={k: v / len(residual) for k, v in flips.items()},
        speed=np.percentile(speed * fps, PERCENTILES),
        accel=np.percentile(accel * fps**2, PERCENTILES),
        residual_psd=(freqs, power.mean(axis=1)),
        residual_hist=(HIST_EDGES, _density(size.ravel())))


def summarise(stats: Dict[str, object],
              groups: Sequence[Tuple[str, Sequence[int]]]) -> Dict[str, float]:
    """Group means of ``residual_scale`` and ``outlier_rate`` (for tables).

    Args:
        stats (dict): From :func:`detection_statistics`.
        groups (Sequence[tuple]): ``(name, keypoint indices)``.

    Returns:
        dict: ``'<name>_scale'`` and ``'<name>_outliers'`` per group.
    """
    out = {}
    for name, index in groups:
        out[f'{name}_scale'] = float(np.mean(stats['residual_scale'][index]))
        out[f'{name}_outliers'] = float(np.mean(stats['outlier_rate'][index]))
    return out
