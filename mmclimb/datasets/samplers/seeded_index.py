"""A dataset index that carries the seed of its window's random draws.

Symbols: s the sampler's seed, e the epoch, i the window's index.

Contract: :class:`SeededIndex` is an ``int`` (``i``) wherever the dataset
uses it, and also holds ``epoch_seed``, a 32-bit seed mixed from
``(s, e)`` by :func:`epoch_seed`. The training transforms without a seed
of their own draw from ``default_rng([epoch_seed, i])``
(:func:`~mmclimb.datasets.transforms.window_rng`), so a window's
augmentation depends on ``(s, e, i)`` only: not on the process, the data
loader worker or the windows drawn before it. It survives pickling (the
index queue of the loader's workers).
"""
import numpy as np

__all__ = ['SeededIndex', 'epoch_seed']


def epoch_seed(seed: int, epoch: int) -> int:
    """A 32-bit seed mixed from a sampler's seed and an epoch.

    Args:
        seed (int): s, the sampler's seed (the run's seed).
        epoch (int): e, 0-based.

    Returns:
        int: In ``[0, 2**32)``.
    """
    sequence = np.random.SeedSequence([int(seed) % 2**32, int(epoch)])
    return int(sequence.generate_state(1)[0])


class SeededIndex(int):
    """Window index ``i`` with the ``epoch_seed`` of its draws.

    Args:
        index (int): i.
        epoch_seed (int): From :func:`epoch_seed`.
    """

    def __new__(cls, index: int, epoch_seed: int):
        value = super().__new__(cls, index)
        value.epoch_seed = int(epoch_seed)
        return value

    def __reduce__(self):
        return SeededIndex, (int(self), self.epoch_seed)

    def __repr__(self) -> str:
        return f'SeededIndex({int(self)}, epoch_seed={self.epoch_seed})'
