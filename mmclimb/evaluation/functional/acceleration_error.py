"""Acceleration error of keypoint sequences.

Symbols: N windows, T frames per window, K keypoints. The acceleration of a
keypoint at an inner frame t (``1 <= t <= T-2``) is the second difference
``a[t] = p[t+1] - 2 p[t] + p[t-1]`` (px/frame^2 for image pixels). The
error is ``|a_pred[t] - a_gt[t]|`` (Euclidean), averaged over every window,
inner frame and keypoint whose three frames t-1, t, t+1 are all valid and
annotated. Constant-velocity motion has zero acceleration, so a prediction
off the ground truth by a constant-velocity drift scores 0.

When nothing is counted (T < 3, or no three consecutive usable frames) the
error is NaN with a :class:`RuntimeWarning`.
"""
import warnings
from typing import Tuple

import numpy as np

__all__ = ['acceleration_error', 'acceleration_error_map']


def _second_difference(seq: np.ndarray) -> np.ndarray:
    """(N, T, ...) -> (N, T-2, ...) ``x[t+1] - 2 x[t] + x[t-1]``."""
    return seq[:, 2:] - 2.0 * seq[:, 1:-1] + seq[:, :-2]


def acceleration_error_map(pred: np.ndarray, gt: np.ndarray,
                           visible: np.ndarray,
                           valid: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Per window, inner frame and keypoint acceleration errors.

    Args:
        pred (np.ndarray): (N, T, K, 2) predicted positions.
        gt (np.ndarray): (N, T, K, 2) ground-truth positions.
        visible (np.ndarray): (N, T, K) annotation flags; > 0 is annotated.
        valid (np.ndarray): (N, T) bool, False for frames that never count
            (padding).

    Returns:
        tuple: errors (N, T-2, K) float64 and the mask (N, T-2, K) bool of
        the entries to count (all three frames valid and annotated). Both
        are empty along the frame axis when T < 3.
    """
    pred = np.asarray(pred, dtype=np.float64)
    gt = np.asarray(gt, dtype=np.float64)
    annotated = np.asarray(visible) > 0
    usable = annotated & np.asarray(valid, dtype=bool)[..., None]
    accel_diff = _second_difference(pred) - _second_difference(gt)
    errors = np.linalg.norm(accel_diff, axis=-1)
    mask = usable[:, 2:] & usable[:, 1:-1] & usable[:, :-2]
    return errors, mask


def acceleration_error(pred: np.ndarray, gt: np.ndarray, visible: np.ndarray,
                       valid: np.ndarray) -> float:
    """Mean acceleration error over all counted keypoints.

    Args:
        pred (np.ndarray): (N, T, K, 2) predicted positions.
        gt (np.ndarray): (N, T, K, 2) ground-truth positions.
        visible (np.ndarray): (N, T, K) annotation flags; > 0 is annotated.
        valid (np.ndarray): (N, T) bool, False for frames that never count.

    Returns:
        float: The mean error in position units per frame^2, NaN when
        nothing is counted.
    """
    errors, mask = acceleration_error_map(pred, gt, visible, valid)
    if not mask.any():
        warnings.warn(
            'acceleration_error: no keypoint has three consecutive valid '
            'and annotated frames; the error is NaN', RuntimeWarning)
        return float('nan')
    return float(errors[mask].mean())
