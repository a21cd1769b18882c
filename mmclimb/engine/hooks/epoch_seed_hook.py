"""Random state that depends on (seed, epoch) only, so resuming is exact.

mmengine seeds ``random``, numpy and torch once, when the runner is built.
An epoch's random draws (dropout masks, random transforms in the main
process, the data loader's base seed) then depend on everything drawn
before it: a run resumed from the checkpoint of epoch N starts epoch N + 1
from a different random state than the uninterrupted run did, and ends with
different weights. (mmengine's ``DistSamplerSeedHook`` already does this for
the sampler's shuffling order; data-loader workers are seeded from the seed
and their id by mmengine's ``worker_init_fn``.)

:class:`EpochSeedHook` reseeds ``random``, numpy and torch at the start of
every training epoch from ``(runner.seed, epoch)`` (and the rank with
``randomness.diff_rank_seed=True``), so an epoch's randomness is the same
whether the run was interrupted before it or not.

A data loader draws its workers' base seed from torch's generator when it
starts an epoch's iterator; with persistent workers only when it starts
them (the first epoch a process runs: after a resume, not in the
uninterrupted run). So before the epoch's first step torch's generator is
put once more in the state a starting loader leaves it in (reseeded, one
64-bit draw): the model's draws (dropout) then do not depend on whether
the workers were started, and runs without persistent workers draw as
they did before this step existed.
"""
import random

import numpy as np
import torch
from mmengine.dist import get_rank
from mmengine.hooks import Hook
from mmpose.registry import HOOKS

__all__ = ['EpochSeedHook']


@HOOKS.register_module()
class EpochSeedHook(Hook):
    """Reseed ``random``, numpy and torch before every training epoch."""

    priority = 'NORMAL'

    @staticmethod
    def epoch_seed(seed: int, epoch: int, rank: int = 0) -> int:
        """A 32-bit seed mixed from the run's seed, the epoch and the rank.

        Args:
            seed (int): The run's seed (``runner.seed``).
            epoch (int): The epoch about to start (0-based).
            rank (int): The process rank, 0 unless ranks differ.

        Returns:
            int: In ``[0, 2**32)``.
        """
        sequence = np.random.SeedSequence([int(seed) % 2**32, epoch, rank])
        return int(sequence.generate_state(1)[0])

    def _seed(self, runner) -> int:
        """The seed of epoch ``runner.epoch`` in this process."""
        randomness = runner.cfg.get('randomness') or {}
        rank = get_rank() if randomness.get('diff_rank_seed', False) else 0
        return self.epoch_seed(runner.seed, runner.epoch, rank)

    def before_train_epoch(self, runner) -> None:
        """Seed the generators for epoch ``runner.epoch``."""
        seed = self._seed(runner)
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        """Reseed torch before the epoch's first step (module
        docstring)."""
        if batch_idx == 0:
            torch.manual_seed(self._seed(runner))
            # the base seed a starting data loader draws
            torch.empty((), dtype=torch.int64).random_()
