"""A warning for losses that have nothing to learn from.

A batch whose keypoint weights are all zero (every frame padding, or no
keypoint annotated, e.g. a pretraining source lacking every target point)
gives a loss of exactly 0 with zero gradients: finite, never 0/0, but a
silent no-op step. :func:`warn_if_unweighted` says so.
"""
import warnings

from torch import Tensor

__all__ = ['warn_if_unweighted']


def warn_if_unweighted(weights: Tensor, head: str) -> None:
    """Warn when no weight of the batch is positive.

    Args:
        weights (Tensor): Loss weights of any shape, e.g. (B, T, K).
        head (str): The head's name, for the message.
    """
    if not bool((weights > 0).any()):
        warnings.warn(
            f'{head}: every keypoint weight of this batch is 0 (padding '
            'frames or no annotated keypoint); the loss is 0 and the step '
            'learns nothing')
