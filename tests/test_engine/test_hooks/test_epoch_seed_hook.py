from types import SimpleNamespace

import numpy as np
import torch

from mmclimb.engine import EpochSeedHook


def draws(epoch, seed=0):
    runner = SimpleNamespace(seed=seed, epoch=epoch, cfg={})
    EpochSeedHook().before_train_epoch(runner)
    return torch.rand(3), np.random.rand(3)


def test_epoch_draws_do_not_depend_on_earlier_draws():
    first = draws(epoch=2)
    torch.rand(100)  # what earlier epochs or validation consumed
    np.random.rand(7)
    again = draws(epoch=2)
    assert torch.equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])


def test_epochs_and_seeds_differ():
    assert not torch.equal(draws(epoch=1)[0], draws(epoch=2)[0])
    assert not torch.equal(draws(epoch=1)[0], draws(epoch=1, seed=1)[0])


def first_step_draws(loader_draws, batch_idx=0):
    """torch's draws at step ``batch_idx`` of epoch 3 after the loader drew
    ``loader_draws`` base seeds (0: persistent workers already running)."""
    runner = SimpleNamespace(seed=0, epoch=3, cfg={})
    hook = EpochSeedHook()
    hook.before_train_epoch(runner)
    for _ in range(loader_draws):
        torch.empty((), dtype=torch.int64).random_()
    hook.before_train_iter(runner, batch_idx)
    return torch.rand(3)


def test_first_step_does_not_depend_on_the_loaders_draws():
    # a loader starting its iterator draws one base seed; persistent
    # workers, already started, draw none
    started, running = first_step_draws(1), first_step_draws(0)
    assert torch.equal(started, running)
    # and the draws are those of a run whose loader drew one (unchanged)
    runner = SimpleNamespace(seed=0, epoch=3, cfg={})
    EpochSeedHook().before_train_epoch(runner)
    torch.empty((), dtype=torch.int64).random_()
    assert torch.equal(torch.rand(3), started)


def test_later_steps_are_left_alone():
    assert not torch.equal(first_step_draws(1, batch_idx=1),
                           first_step_draws(0, batch_idx=1))
