"""What a detector's confidence scores say about its errors, without
ground truth.

Symbols: T frames, K keypoints, (x, y) image pixels, s the detector's
score of a point in [0, 1], r the size of its residual from the robust
smoother of :mod:`.detection_statistics`, in torsos (the same tracks,
smoother and torso).

:func:`score_statistics` returns a dict of plain numbers and arrays over
the detected points of every track:

- ``score_quantiles``: s at :data:`SCORE_QUANTILES`;
- ``bins``: per score bin ``[low, high)`` of ``edges`` (points with a
  score at or above the last edge fall in the last bin) a dict of
  ``low``, ``high``, ``share`` (of the points), ``residual`` (mean r),
  ``residual_p90`` and ``beyond`` (share with r > ``beyond_torso``);
- ``group_median`` (G,): the median score of each group of ``groups``.

Run on real detections and on simulated ones (scores from
:class:`~mmclimb.datasets.transforms.SimulateDetectorScores`), it is how
the score model is fitted (``tools/analysis/detection_noise_stats.py
--scores``).
"""
from typing import Dict, Sequence

import numpy as np

from .detection_statistics import (_fill, robust_smooth, split_tracks,
                                   torso_scale)

__all__ = ['SCORE_EDGES', 'SCORE_QUANTILES', 'score_statistics']

#: Default score bins.
SCORE_EDGES = (0.0, 0.5, 0.8, 0.9, 0.97, 0.99, 1.0)
#: Quantiles of ``score_quantiles``.
SCORE_QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9)


def score_statistics(keypoints: np.ndarray,
                     scores: np.ndarray,
                     fps: float,
                     edges: Sequence[float] = SCORE_EDGES,
                     groups: Sequence[Sequence[int]] = (),
                     beyond_torso: float = 0.1,
                     median_frames: int = 5,
                     smooth_seconds: float = 0.3) -> Dict[str, object]:
    """Residual sizes by score (module docstring).

    Args:
        keypoints (np.ndarray): (T, K, 2) image pixels, NaN where missing.
        scores (np.ndarray): (T, K) the detector's scores.
        fps (float): Frame rate.
        edges (Sequence[float]): Increasing score bin edges.
        groups (Sequence[Sequence[int]]): Keypoint groups of
            ``group_median``.
        beyond_torso (float): The residual size of ``beyond``, torsos.
        median_frames (int): See :func:`robust_smooth`.
        smooth_seconds (float): See :func:`robust_smooth`.

    Returns:
        dict: See the module docstring.
    """
    keypoints = np.asarray(keypoints, dtype=np.float64)
    scores = np.asarray(scores, dtype=np.float64)
    if scores.shape != keypoints.shape[:2]:
        raise ValueError(f'score_statistics: scores {scores.shape} do not '
                         f'match keypoints {keypoints.shape[:2]}')
    torso = torso_scale(keypoints)
    if not np.isfinite(torso) or torso <= 0:
        raise ValueError('score_statistics: no frame has all four torso '
                         'keypoints (3, 4, 15, 16)')
    tracks, _ = split_tracks(keypoints, torso, min_frames=max(
        9, median_frames))
    sizes, values = [], []
    for run in tracks:
        raw = keypoints[run]
        present = np.isfinite(raw).all(-1)
        track = _fill(raw)
        smooth = robust_smooth(track, fps, median_frames, smooth_seconds)
        size = np.linalg.norm(track - smooth, axis=-1) / torso
        sizes.append(size[present])
        values.append(scores[run][present])
    if not sizes:
        raise ValueError('score_statistics: no track of at least 9 '
                         'detected frames')
    size, value = np.concatenate(sizes), np.concatenate(values)
    edges = np.asarray(edges, dtype=np.float64)
    which = np.clip(np.searchsorted(edges, value, side='right') - 1, 0,
                    len(edges) - 2)
    bins = []
    for b in range(len(edges) - 1):
        member = which == b
        if not member.any():
            continue
        bins.append(dict(
            low=float(edges[b]), high=float(edges[b + 1]),
            share=float(member.mean()),
            residual=float(size[member].mean()),
            residual_p90=float(np.quantile(size[member], 0.9)),
            beyond=float((size[member] > beyond_torso).mean())))
    present = np.isfinite(keypoints).all(-1)
    return dict(
        score_quantiles=np.quantile(value, SCORE_QUANTILES),
        bins=bins,
        group_median=np.array([
            np.median(scores[:, list(g)][present[:, list(g)]])
            for g in groups]))
