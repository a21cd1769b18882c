"""The random generator of one window's augmentation.

With a ``seed``, a window's draws depend only on ``(seed, sample_idx)``:
validation and test on simulated inputs see the same inputs every epoch
and in every process. Without one, NumPy's global generator is used, which
:class:`~mmclimb.engine.hooks.EpochSeedHook` reseeds per epoch (so
``--resume`` continues exactly).
"""
from typing import Optional

import numpy as np

__all__ = ['window_rng']


def window_rng(seed: Optional[int], sample_idx: Optional[int] = None):
    """A ``Generator`` for one window.

    Args:
        seed (int, optional): The transform's seed; None for training.
        sample_idx (int, optional): The window's index in its dataset.

    Returns:
        np.random.Generator: Seeded by ``(seed, sample_idx)``, or without a
        seed by a draw from NumPy's global generator.
    """
    if seed is None:
        return np.random.default_rng(np.random.randint(2**31))
    key = [seed] if sample_idx is None else [seed, int(sample_idx)]
    return np.random.default_rng(key)
