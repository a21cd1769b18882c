"""Timing runs its callable as asked; peak memory sees an allocation."""
import numpy as np
import pytest

from mmclimb.benchmarking import (PeakMemory, matmul_peak_gflops,
                                  median_seconds,
                                  synthetic_keypoint_sequence)


def test_median_seconds_calls_warmup_plus_repeats_times():
    calls = []
    seconds = median_seconds(lambda: calls.append(1), warmup=2, repeats=3)
    assert len(calls) == 5
    assert seconds >= 0.0
    with pytest.raises(ValueError, match='repeats'):
        median_seconds(lambda: None, repeats=0)


def test_peak_memory_sees_a_block_allocation():
    with PeakMemory('cpu', interval=0.001) as peak:
        block = np.ones(64 * 2**20, dtype=np.uint8)  # 64 MiB, touched
        block.sum()
        del block
    assert peak.bytes >= 48 * 2**20
    with PeakMemory('cpu') as idle:
        pass
    assert idle.bytes < 48 * 2**20


def test_peak_memory_sees_a_block_again_where_freed_memory_is_kept():
    """With freed memory kept in the process (the tools' default), the
    RSS stays up after the first block; the memory in use falls, so the
    second block measures its allocation as the first did."""
    from mmclimb.benchmarking import peak_memory
    if peak_memory._MALLINFO2 is None:
        pytest.skip('the C library here has no mallinfo2')
    from mmclimb.utils import configure_allocator
    assert configure_allocator({})
    measured = []
    for _ in range(2):
        with PeakMemory('cpu', interval=0.001) as peak:
            block = np.ones(64 * 2**20, dtype=np.uint8)
            block.sum()
            del block
        measured.append(peak.bytes)
    assert min(measured) >= 48 * 2**20


def test_matmul_peak_is_a_positive_rate():
    assert matmul_peak_gflops(size=64, repeats=2) > 0.0


def test_synthetic_sequence_is_a_scored_track():
    sequence = synthetic_keypoint_sequence(50, 25, seed=1)
    assert sequence.shape == (50, 25, 3) and sequence.dtype == np.float32
    assert np.isfinite(sequence).all()
    assert ((sequence[..., 2] >= 0.5) & (sequence[..., 2] <= 1.0)).all()
    step = np.abs(np.diff(sequence[..., :2], axis=0)).mean()
    assert step < 10.0  # a smooth track with jitter, not noise
