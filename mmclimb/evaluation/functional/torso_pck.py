"""PCK normalised by the torso diameter (the thesis metric).

Symbols: N frames, K keypoints, A thresholds. Positions are (N, K, 2) in any
one unit (heatmap coordinates for the thesis metric, image pixels
otherwise); ``visible`` (N, K) are the ground-truth annotation flags.

``torso = mean(|g[3] - g[15]|, |g[4] - g[16]|)`` (left shoulder - left hip,
right shoulder - right hip). A frame is skipped when any of keypoints 3, 4,
15, 16 is unannotated; in the other frames each annotated keypoint is
correct at threshold ``a`` when ``|p - g| <= a * torso`` and the PCK pools
all counted keypoints of all frames. A frame whose torso has length 0 is
not skipped: its points count as correct only when exactly on target.

When nothing is counted the PCK is NaN (the pooled value with a
:class:`RuntimeWarning`; a keypoint that is never counted gets NaN in the
per-keypoint values silently, since data sets with fewer keypoints never
annotate some of them).
"""
import warnings
from typing import Dict, Sequence

import numpy as np

__all__ = ['TORSO_PAIRS', 'torso_lengths', 'torso_pck']

#: (shoulder, hip) index pairs whose mean length is the torso diameter.
TORSO_PAIRS = ((3, 15), (4, 16))


def torso_lengths(gt: np.ndarray, visible: np.ndarray) -> np.ndarray:
    """Torso diameter of each frame.

    Args:
        gt (np.ndarray): (N, K, 2) ground-truth positions.
        visible (np.ndarray): (N, K) annotation flags; > 0 is annotated.

    Returns:
        np.ndarray: (N,) float64 mean shoulder-hip length, NaN for frames
        lacking any of the four torso keypoints.
    """
    gt = np.asarray(gt, dtype=np.float64)
    annotated = np.asarray(visible) > 0
    shoulders = [s for s, _ in TORSO_PAIRS]
    hips = [h for _, h in TORSO_PAIRS]
    lengths = np.linalg.norm(gt[:, shoulders] - gt[:, hips], axis=-1)
    torso = lengths.mean(axis=-1)
    complete = annotated[:, shoulders + hips].all(axis=-1)
    return np.where(complete, torso, np.nan)


def _ratio(correct: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """``correct / counted`` elementwise, NaN where ``counted`` is 0."""
    ratio = np.full(np.shape(correct), np.nan)
    np.divide(correct, counted, out=ratio, where=counted > 0)
    return ratio


def torso_pck(pred: np.ndarray,
              gt: np.ndarray,
              visible: np.ndarray,
              thresholds: Sequence[float] = (0.05, 0.1, 0.2)) -> Dict:
    """Pooled and per-keypoint PCK of the torso.

    Args:
        pred (np.ndarray): (N, K, 2) predicted positions.
        gt (np.ndarray): (N, K, 2) ground-truth positions, same unit.
        visible (np.ndarray): (N, K) annotation flags; > 0 is annotated.
        thresholds (Sequence[float]): Fractions of the torso diameter.
            Defaults to ``(0.05, 0.1, 0.2)``.

    Returns:
        dict: With keys

        - ``'pck'``: ``{thr: float}`` pooled fraction in [0, 1] (NaN when
          nothing is counted);
        - ``'pck_per_keypoint'``: ``{thr: np.ndarray (K,)}`` fractions
          (NaN for keypoints never counted);
        - ``'num_counted'``: int, keypoints scored over all frames;
        - ``'num_counted_per_keypoint'``: np.ndarray (K,) int;
        - ``'num_frames'``: int, frames with a complete torso.
    """
    pred = np.asarray(pred, dtype=np.float64)
    gt = np.asarray(gt, dtype=np.float64)
    thrs = np.asarray(tuple(thresholds), dtype=np.float64)
    torso = torso_lengths(gt, visible)
    scored_frames = ~np.isnan(torso)
    counted = (np.asarray(visible) > 0) & scored_frames[:, None]

    dist = np.linalg.norm(pred - gt, axis=-1)
    limits = thrs[:, None] * np.where(scored_frames, torso, 0.0)[None]
    correct = (dist[None] <= limits[..., None]) & counted[None]  # (A, N, K)

    correct_per_kpt = correct.sum(axis=1)
    counted_per_kpt = counted.sum(axis=0)
    num_counted = int(counted_per_kpt.sum())
    if num_counted == 0:
        warnings.warn(
            'torso_pck: no keypoint counted (no frame has all of keypoints '
            '3, 4, 15, 16 annotated); PCK is NaN', RuntimeWarning)
    pooled = _ratio(correct_per_kpt.sum(axis=-1), num_counted)
    per_kpt = _ratio(correct_per_kpt, counted_per_kpt[None])
    keys = [float(t) for t in thrs]
    return dict(
        pck=dict(zip(keys, pooled.tolist())),
        pck_per_keypoint=dict(zip(keys, per_kpt)),
        num_counted=num_counted,
        num_counted_per_keypoint=counted_per_kpt,
        num_frames=int(scored_frames.sum()))
