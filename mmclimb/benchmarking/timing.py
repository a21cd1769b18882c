"""Wall-clock timing of a callable: median of repeated runs after warm-up.

Contract:
    :func:`median_seconds` calls ``fn()`` ``warmup`` times untimed, then
    ``repeats`` times timed, synchronising a CUDA device before each clock
    read so queued kernels are counted, and returns the median duration in
    seconds. Nothing here asserts a speed: it only measures.
    :func:`torch_threads` sets PyTorch's intra-op threads for a block.
"""
import statistics
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

import torch

__all__ = ['median_seconds', 'synchronize', 'torch_threads']


@contextmanager
def torch_threads(num_threads: int) -> Iterator[None]:
    """Run the block with ``torch.set_num_threads(num_threads)``, then
    restore the previous number."""
    previous = torch.get_num_threads()
    torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def synchronize(device: Optional[torch.device] = None) -> None:
    """Wait for queued work on a CUDA ``device``; a no-op otherwise."""
    if device is not None and torch.device(device).type == 'cuda':
        torch.cuda.synchronize(device)


def median_seconds(fn: Callable[[], object],
                   warmup: int = 2,
                   repeats: int = 5,
                   device: Optional[torch.device] = None) -> float:
    """Median duration of ``fn()`` in seconds.

    Args:
        fn (Callable): The work to time; called with no arguments.
        warmup (int): Untimed calls first (allocator, oneDNN primitive and
            cuDNN algorithm caches). Defaults to 2.
        repeats (int): Timed calls. Defaults to 5.
        device (torch.device, optional): Synchronised around each call when
            it is a CUDA device.

    Returns:
        float: The median of the ``repeats`` durations.
    """
    if repeats < 1:
        raise ValueError(f'repeats must be >= 1, got {repeats}')
    for _ in range(warmup):
        fn()
    durations = []
    for _ in range(repeats):
        synchronize(device)
        start = time.perf_counter()
        fn()
        synchronize(device)
        durations.append(time.perf_counter() - start)
    return statistics.median(durations)
