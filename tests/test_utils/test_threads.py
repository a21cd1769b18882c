"""default_num_threads: env override, OMP_NUM_THREADS, then half the cores
per local process."""
import pytest
import torch

from mmclimb.utils import configure_threads, default_num_threads


@pytest.mark.parametrize('environ, cores, expected', [
    ({}, 2, (1, 'default')),
    ({}, 1, (1, 'default')),
    ({}, 16, (8, 'default')),
    ({'LOCAL_WORLD_SIZE': '2'}, 16, (4, 'default')),
    ({'LOCAL_WORLD_SIZE': '8'}, 8, (1, 'default')),
    ({'OMP_NUM_THREADS': '3'}, 16, (3, 'OMP_NUM_THREADS')),
    ({'OMP_NUM_THREADS': '3', 'MMCLIMB_NUM_THREADS': '2'}, 16,
     (2, 'MMCLIMB_NUM_THREADS')),
])
def test_default_num_threads(environ, cores, expected):
    assert default_num_threads(environ, cores) == expected


def test_bad_override_is_a_clear_error():
    with pytest.raises(ValueError, match="MMCLIMB_NUM_THREADS='two'"):
        default_num_threads({'MMCLIMB_NUM_THREADS': 'two'}, 2)


def test_configure_threads_sets_torch(monkeypatch):
    before = torch.get_num_threads()
    monkeypatch.setenv('MMCLIMB_NUM_THREADS', '1')
    try:
        assert configure_threads() == 1
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
