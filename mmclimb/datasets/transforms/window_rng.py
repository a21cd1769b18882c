"""The random generator of one window's augmentation.

With a ``seed``, a window's draws depend only on ``(seed, sample_idx)``:
validation and test on simulated inputs see the same inputs every epoch
and in every process. Without one (training), a ``sample_idx`` from
:class:`~mmclimb.datasets.WindowSeedSampler` (a
:class:`~mmclimb.datasets.samplers.SeededIndex`) gives draws that depend
only on ``(its epoch_seed, sample_idx)``: the same in 1 or 2 processes,
with any number of loader workers, and after ``--resume``. Any other
index falls back to NumPy's global generator, which
:class:`~mmclimb.engine.hooks.EpochSeedHook` reseeds per epoch in the main
process.
"""
from typing import Optional

import numpy as np

from ..samplers import SeededIndex

__all__ = ['window_rng']


def window_rng(seed: Optional[int], sample_idx: Optional[int] = None):
    """A ``Generator`` for one window.

    Args:
        seed (int, optional): The transform's seed; None for training.
        sample_idx (int, optional): The window's index in its dataset.

    Returns:
        np.random.Generator: Seeded by ``(seed, sample_idx)``; without a
        seed by ``(sample_idx.epoch_seed, sample_idx)`` for a
        :class:`SeededIndex`, else by a draw from NumPy's global
        generator.
    """
    if seed is None:
        if isinstance(sample_idx, SeededIndex):
            return np.random.default_rng(
                [sample_idx.epoch_seed, int(sample_idx)])
        return np.random.default_rng(np.random.randint(2**31))
    key = [seed] if sample_idx is None else [seed, int(sample_idx)]
    return np.random.default_rng(key)
