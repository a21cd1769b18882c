"""The machine's practical matrix-multiply peak, measured.

Contract:
    :func:`matmul_peak_gflops` times a square ``size x size`` matrix product
    in ``dtype`` on ``device`` (``2 * size**3`` floating-point operations
    per product) and returns the best rate of ``repeats`` runs in GFLOP/s.
    It is the reference that refiners' achieved rates are divided by, so
    both are measured in the same process, dtype and thread settings.
"""
from typing import Union

import torch

from .timing import median_seconds

__all__ = ['matmul_peak_gflops']


def matmul_peak_gflops(dtype: torch.dtype = torch.float32,
                       device: Union[str, torch.device] = 'cpu',
                       size: int = 2048,
                       repeats: int = 5) -> float:
    """Measured GFLOP/s of a large matrix multiply.

    Args:
        dtype (torch.dtype): Element type. Defaults to float32.
        device (str | torch.device): Defaults to ``'cpu'``.
        size (int): Matrix side. Defaults to 2048 (17.2 GFLOP).
        repeats (int): Timed products. Defaults to 5.

    Returns:
        float: ``2 * size**3 / t / 1e9`` for the fastest product ``t``
        (the peak is a best case; noise only slows a run down).
    """
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=generator).to(device, dtype)
    b = torch.randn(size, size, generator=generator).to(device, dtype)
    out = torch.empty_like(a)
    with torch.inference_mode():
        best = min(
            median_seconds(
                lambda: torch.mm(a, b, out=out),
                warmup=1 if i else 2,
                repeats=1,
                device=torch.device(device)) for i in range(repeats))
    return 2.0 * size**3 / best / 1e9
