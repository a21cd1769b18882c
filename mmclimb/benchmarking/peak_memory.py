"""Peak memory of a block of work, on the CPU or a CUDA device.

Contract:
    ``with PeakMemory(device) as peak: ...`` then ``peak.bytes``: on CUDA,
    the peak of ``torch.cuda.max_memory_allocated`` during the block; on the
    CPU, the peak resident set size (RSS) of this process, sampled every
    ``interval`` seconds by a background thread from ``/proc/self/statm``,
    minus the RSS when the block started (``peak.baseline``), so it is what
    the block itself needed (model, activations, gradients, optimizer
    state, data) within one sampling interval.
"""
import os
import threading
from typing import Optional

import torch

__all__ = ['PeakMemory', 'current_rss']


def current_rss() -> int:
    """This process's resident set size in bytes (Linux)."""
    with open('/proc/self/statm') as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf('SC_PAGE_SIZE')


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
            self.peak = max(self.peak, current_rss())

    def __enter__(self) -> 'PeakMemory':
        if self.device.type == 'cuda':
            torch.cuda.synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)
            self.baseline = torch.cuda.memory_allocated(self.device)
            return self
        self.baseline = self.peak = current_rss()
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
        self.peak = max(self.peak, current_rss())
