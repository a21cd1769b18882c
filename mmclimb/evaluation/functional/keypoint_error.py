"""Mean per-keypoint position error.

Symbols: N frames, K keypoints. The error of a keypoint is the Euclidean
distance between prediction and ground truth (in their common unit, e.g.
image pixels); the mean runs over every annotated keypoint of every frame
given (callers drop padding frames through ``visible``). When nothing is
annotated the mean is NaN with a :class:`RuntimeWarning`.
"""
import warnings

import numpy as np

__all__ = ['mean_keypoint_error']


def mean_keypoint_error(pred: np.ndarray, gt: np.ndarray,
                        visible: np.ndarray) -> float:
    """Mean Euclidean error over the annotated keypoints.

    Args:
        pred (np.ndarray): (N, K, 2) predicted positions.
        gt (np.ndarray): (N, K, 2) ground-truth positions.
        visible (np.ndarray): (N, K) annotation flags; > 0 is annotated.

    Returns:
        float: The mean distance, NaN when no keypoint is annotated.
    """
    annotated = np.asarray(visible) > 0
    if not annotated.any():
        warnings.warn(
            'mean_keypoint_error: no annotated keypoint; the error is NaN',
            RuntimeWarning)
        return float('nan')
    diff = (np.asarray(pred, dtype=np.float64) -
            np.asarray(gt, dtype=np.float64))
    return float(np.linalg.norm(diff[annotated], axis=-1).mean())
