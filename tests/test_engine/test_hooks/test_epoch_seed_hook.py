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
