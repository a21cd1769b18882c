"""The training sampler whose windows draw the same wherever they run.

mmengine's ``DefaultSampler`` gives every process the same shuffled order
of ``(seed, epoch)`` and each process every ``world_size``-th index of it,
so one process with batch ``B`` and ``P`` processes with batch ``B / P``
see the same windows per step. The windows' random augmentation (camera,
frame rate, simulated detector) would still come from each process's and
each worker's own NumPy generator: 2 processes would train on other
inputs than 1, and a run resumed with fresh workers on other inputs than
the uninterrupted one.

:class:`WindowSeedSampler` yields the same indices as ``DefaultSampler``,
each as a :class:`~mmclimb.datasets.samplers.SeededIndex` holding the seed
of ``(seed, epoch)``; the transforms without a seed of their own draw from
it and the index (:func:`~mmclimb.datasets.transforms.window_rng`). A
window's inputs then depend on the run's seed, the epoch and the window
only.
"""
from typing import Iterator

from mmengine.dataset import DefaultSampler
from mmpose.registry import DATA_SAMPLERS

from .seeded_index import SeededIndex, epoch_seed

__all__ = ['WindowSeedSampler']


@DATA_SAMPLERS.register_module()
class WindowSeedSampler(DefaultSampler):
    """``DefaultSampler`` whose indices carry the epoch's window seed."""

    def __iter__(self) -> Iterator[SeededIndex]:
        key = epoch_seed(self.seed, self.epoch)
        return (SeededIndex(index, key) for index in super().__iter__())
