"""WindowSeedSampler and SeededIndex: DefaultSampler's order, indices that
carry the epoch's window seed through pickling, and window draws that do
not depend on the process layout or NumPy's global state."""
import pickle

import numpy as np
import pytest
from mmengine.dataset import DefaultSampler

from mmclimb.datasets import SeededIndex, WindowSeedSampler
from mmclimb.datasets.samplers import epoch_seed
from mmclimb.datasets.transforms.window_rng import window_rng


def _sampler(cls, size, rank=0, world_size=1, seed=3, epoch=0):
    """A sampler of ``size`` windows as process ``rank`` of ``world_size``
    (set by hand: no process group in a unit test)."""
    sampler = cls(list(range(size)), shuffle=True, seed=seed)
    sampler.rank, sampler.world_size = rank, world_size
    sampler.num_samples = -(-size // world_size)
    sampler.total_size = sampler.num_samples * world_size
    sampler.set_epoch(epoch)
    return sampler


def test_same_order_as_default_sampler():
    for epoch in (0, 4):
        seeded = list(_sampler(WindowSeedSampler, 11, epoch=epoch))
        plain = list(_sampler(DefaultSampler, 11, epoch=epoch))
        assert [int(i) for i in seeded] == plain
        assert all(isinstance(i, SeededIndex) for i in seeded)
        assert {i.epoch_seed for i in seeded} == {epoch_seed(3, epoch)}


def test_epoch_seed_depends_on_seed_and_epoch():
    seeds = {epoch_seed(s, e) for s in (0, 1) for e in (0, 1, 2)}
    assert len(seeds) == 6
    assert epoch_seed(7, 2) == epoch_seed(7, 2)
    assert 0 <= epoch_seed(2**40 + 5, 1) < 2**32


def test_two_processes_get_the_windows_and_seeds_of_one():
    single = list(_sampler(WindowSeedSampler, 12, epoch=1))
    ranks = [list(_sampler(WindowSeedSampler, 12, rank, 2, epoch=1))
             for rank in (0, 1)]
    # a step of 2 x B/2 windows holds the windows of 1 x B
    interleaved = [i for pair in zip(*ranks) for i in pair]
    assert [int(i) for i in interleaved] == [int(i) for i in single]
    assert [i.epoch_seed for i in interleaved] == \
        [i.epoch_seed for i in single]


def test_seeded_index_is_an_int_that_survives_pickling():
    index = SeededIndex(5, 123)
    assert index == 5 and [0, 1, 2, 3, 4, 50][index] == 50
    again = pickle.loads(pickle.dumps(index))
    assert isinstance(again, SeededIndex)
    assert (int(again), again.epoch_seed) == (5, 123)
    assert repr(again) == 'SeededIndex(5, epoch_seed=123)'


def test_window_rng_of_a_seeded_index_ignores_numpys_global_state():
    np.random.seed(0)
    first = window_rng(None, SeededIndex(4, 99)).random(3)
    np.random.seed(1)
    again = window_rng(None, SeededIndex(4, 99)).random(3)
    np.testing.assert_array_equal(first, again)
    for other in (SeededIndex(5, 99), SeededIndex(4, 100)):
        assert not np.allclose(window_rng(None, other).random(3), first)
    # a plain index in training still draws from the global generator
    np.random.seed(0)
    plain = window_rng(None, 4).random(3)
    np.random.seed(1)
    assert not np.allclose(window_rng(None, 4).random(3), plain)
    # a transform's own seed takes precedence (fixed validation inputs)
    np.testing.assert_array_equal(
        window_rng(7, SeededIndex(4, 99)).random(3),
        window_rng(7, 4).random(3))


@pytest.mark.parametrize('world_size', [1, 2, 3])
def test_every_window_once_per_epoch(world_size):
    size = 9
    indices = [int(i) for rank in range(world_size)
               for i in _sampler(WindowSeedSampler, size, rank, world_size)]
    assert set(indices) == set(range(size))
    assert len(indices) == -(-size // world_size) * world_size
