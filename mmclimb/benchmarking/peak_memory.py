"""Peak memory of a block of work, on the CPU or a CUDA device.

Contract:
    ``with PeakMemory(device) as peak: ...`` then ``peak.bytes``: on CUDA,
    the peak of ``torch.cuda.max_memory_allocated`` during the block; on the
    CPU, the peak of this process's memory in use (:func:`current_in_use`),
    sampled every ``interval`` seconds by a background thread, minus its
    value when the block started (``peak.baseline``), so it is what the
    block itself needed (model, activations, gradients, optimizer state,
    data) within one sampling interval.

    With glibc the memory in use is what ``malloc`` has handed out and not
    taken back (``mallinfo2``: ``uordblks + hblkhd``), which does not
    depend on whether freed memory is kept in the process
    (:func:`~mmclimb.utils.configure_allocator`); elsewhere it is the
    resident set size (RSS), which stays at its peak where freed memory is
    kept.
"""
import ctypes
import os
import threading
from typing import Optional

import torch

from mmclimb.utils.allocator import glibc

__all__ = ['PeakMemory', 'current_in_use', 'current_rss']


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (malloc.h), every field a size_t."""
    _fields_ = [(name, ctypes.c_size_t) for name in (
        'arena', 'ordblks', 'smblks', 'hblks', 'hblkhd', 'usmblks',
        'fsmblks', 'uordblks', 'fordblks', 'keepcost')]


def _mallinfo2():
    """glibc's ``mallinfo2`` function (glibc 2.33 and later), or None."""
    libc = glibc()
    function = getattr(libc, 'mallinfo2', None) if libc else None
    if function is not None:
        function.restype = _MallInfo2
    return function


_MALLINFO2 = _mallinfo2()


def current_rss() -> int:
    """This process's resident set size in bytes (Linux)."""
    with open('/proc/self/statm') as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf('SC_PAGE_SIZE')


def current_in_use() -> int:
    """Bytes of memory this process uses: glibc's allocated bytes
    (module docstring) where glibc has ``mallinfo2``, else the RSS."""
    if _MALLINFO2 is None:
        return current_rss()
    info = _MALLINFO2()
    return int(info.uordblks + info.hblkhd)


class PeakMemory:
    """Context manager measuring the peak memory of its block.

    Args:
        device (str | torch.device): ``'cpu'`` or a CUDA device.
        interval (float): CPU sampling period in seconds. Defaults to
            0.002.
    """

    def __init__(self, device='cpu', interval: float = 0.002):
        self.device = torch.device(device)
        self.interval = interval
        self.baseline = 0
        self.peak = 0
        self._stop: Optional[threading.Event] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def bytes(self) -> int:
        """Peak bytes above the block's starting point."""
        return max(self.peak - self.baseline, 0)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, current_in_use())

    def __enter__(self) -> 'PeakMemory':
        if self.device.type == 'cuda':
            torch.cuda.synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)
            self.baseline = torch.cuda.memory_allocated(self.device)
            return self
        self.baseline = self.peak = current_in_use()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.device.type == 'cuda':
            torch.cuda.synchronize(self.device)
            self.peak = torch.cuda.max_memory_allocated(self.device)
            return
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, current_in_use())
