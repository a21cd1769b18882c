"""Scores of one refined keypoint sequence, with and without ground truth.

Symbols: T frames, K keypoints, (x, y) image pixels, ``torso`` the torso
diameter (mean of the shoulder-hip distances 3-15 and 4-16).

Contract:
    - :func:`trajectory_jitter`: the mean acceleration (px/frame^2) over
      the triples of consecutive frames where a keypoint is present in all
      three; with no ground truth, the jitter of a trajectory (or of
      several people's, P tracks (P, T, K, 2)).
    - :func:`jitter_by_edge_distance`: the same jitter split by how far
      the triple's middle frame is from the nearest end of its *run*
      (a maximal span of frames where some keypoint is present): where a
      refiner's windows see one side only.
    - :func:`displacement_scores`: how far a refiner moved the present
      keypoints from the raw ones: the mean distance (px) and the share
      moved by more than ``share_of_torso`` of the sequence's median torso.
    - :func:`accuracy_scores`: against ground truth (T, K, 2): torso PCK
      at each threshold (%), the mean error (px) and the acceleration error
      (px/frame^2) over the annotated keypoints.
"""
from typing import Dict, Sequence

import numpy as np

from .acceleration_error import acceleration_error, acceleration_error_map
from .keypoint_error import mean_keypoint_error
from .torso_pck import torso_lengths, torso_pck

__all__ = [
    'accuracy_scores', 'displacement_scores', 'jitter_by_edge_distance',
    'trajectory_jitter'
]


def trajectory_jitter(keypoints: np.ndarray, present: np.ndarray) -> float:
    """Mean acceleration of (T, K, 2) keypoints where ``present`` (T, K)
    holds at all three frames of a triple; or of P people's (P, T, K, 2)
    keypoints with ``present`` (P, T, K), over all their triples."""
    keypoints = np.asarray(keypoints, dtype=np.float64)
    present = np.asarray(present, dtype=bool)
    if keypoints.ndim == 3:
        keypoints, present = keypoints[None], present[None]
    # positions where not present never count; NaN there must not spread
    keypoints = np.where(present[..., None], keypoints, 0.0)
    zeros = np.zeros_like(keypoints)
    valid = np.ones(keypoints.shape[:2], bool)
    return acceleration_error(keypoints, zeros, present, valid)


def jitter_by_edge_distance(keypoints: np.ndarray, present: np.ndarray,
                            edges: Sequence[int] = (3, 6, 10)
                            ) -> Dict[str, Dict[str, float]]:
    """Jitter (module docstring) by distance from the ends of the runs.

    Args:
        keypoints (np.ndarray): (T, K, 2) image pixels.
        present (np.ndarray): (T, K) bool.
        edges (Sequence[int]): Increasing bin edges d1 < d2 < ...: bins
            ``[0, d1)``, ``[d1, d2)``, ..., ``[dn, inf)`` of the middle
            frame's distance (frames) from the nearest end of its run.

    Returns:
        dict: ``'a-b'`` (``'dn+'`` for the last bin) -> ``jitter``
        (px/frame^2, NaN for an empty bin) and ``count`` (the triples).
    """
    edges = [int(e) for e in edges]
    if not edges or any(b <= a for a, b in zip([0, *edges], edges)):
        raise ValueError(f'edges must increase from above 0, got {edges}')
    keypoints = np.asarray(keypoints, dtype=np.float64)
    present = np.asarray(present, dtype=bool)
    # positions where not present never count; NaN there must not spread
    keypoints = np.where(present[..., None], keypoints, 0.0)
    accel, triple = acceleration_error_map(
        keypoints[None], np.zeros_like(keypoints[None]), present[None],
        np.ones((1, len(present)), bool))
    accel, triple = accel[0], triple[0]
    some = present.any(axis=1)
    distance = np.full(len(some), -1)
    flips = np.flatnonzero(np.diff(np.concatenate([[0], some, [0]])))
    for start, stop in zip(flips[::2], flips[1::2]):
        frames = np.arange(start, stop)
        distance[start:stop] = np.minimum(frames - start, stop - 1 - frames)
    middle = np.broadcast_to(distance[1:-1, None], triple.shape)
    bounds = [0, *edges, np.inf]
    scores = {}
    for low, high in zip(bounds[:-1], bounds[1:]):
        name = f'{low}-{high}' if np.isfinite(high) else f'{low}+'
        chosen = triple & (middle >= low) & (middle < high)
        count = int(chosen.sum())
        scores[name] = dict(
            jitter=float(accel[chosen].mean()) if count else float('nan'),
            count=count)
    return scores


def displacement_scores(refined: np.ndarray, raw: np.ndarray,
                        present: np.ndarray,
                        share_of_torso: float = 0.1) -> Dict[str, float]:
    """Mean displacement (px) and the share (%) of present keypoints moved
    by more than ``share_of_torso`` torsos.

    Args:
        refined (np.ndarray): (T, K, 2) refined keypoints.
        raw (np.ndarray): (T, K, 2) the input keypoints.
        present (np.ndarray): (T, K) bool, keypoints the input had.
        share_of_torso (float): The threshold. Defaults to 0.1.

    Returns:
        dict: ``shift_px`` and ``moved_pct``.
    """
    torso = torso_lengths(raw, present)
    torso = float(np.median(torso[np.isfinite(torso)]))
    dist = np.linalg.norm(refined - raw, axis=-1)[present]
    return dict(
        shift_px=float(dist.mean()),
        moved_pct=float(100 * (dist > share_of_torso * torso).mean()))


def accuracy_scores(pred: np.ndarray,
                    gt: np.ndarray,
                    visible: np.ndarray,
                    thresholds: Sequence[float] = (0.05, 0.1, 0.2)
                    ) -> Dict[str, float]:
    """Torso PCK (%), mean error (px) and acceleration error of a sequence.

    Args:
        pred (np.ndarray): (T, K, 2) predictions.
        gt (np.ndarray): (T, K, 2) ground truth.
        visible (np.ndarray): (T, K) flags; > 0 is annotated.
        thresholds (Sequence[float]): PCK thresholds, torsos.

    Returns:
        dict: ``PCK@<thr>`` for each threshold, ``error_px``,
        ``accel_err``.
    """
    pck = torso_pck(pred, gt, visible, thresholds)['pck']
    scores = {f'PCK@{thr:g}': 100 * value for thr, value in pck.items()}
    scores['error_px'] = mean_keypoint_error(pred, gt, visible)
    scores['accel_err'] = acceleration_error(
        pred[None], gt[None], visible[None], np.ones((1, len(pred)), bool))
    return scores
