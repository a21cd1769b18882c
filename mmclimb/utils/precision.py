"""Inference precision: which refiners run under bf16 autocast, where.

Symbols: a precision is ``'fp32'`` (plain float32) or ``'bf16'``
(``torch.autocast`` with bfloat16: convolutions and matrix products in
bf16, the rest in float32).

Contract:
    - :func:`cpu_bf16_units` names the CPU's bf16 matrix units from the
      ``flags`` of ``/proc/cpuinfo``: ``'amx_bf16'`` (AMX tiles),
      ``'avx512_bf16'`` (bf16 dot products in AVX-512) or None (bf16 would
      be emulated in float32 arithmetic: slower, never chosen by
      ``'auto'``).
    - :func:`resolve_precision` turns a requested precision (``'auto'``,
      ``'fp32'`` or ``'bf16'``) into ``'fp32'`` or ``'bf16'``: ``'auto'``
      is the refiner config's ``inference_precision`` (the faster one where
      bf16 units exist, ``docs/benchmarks.md``; default ``'fp32'``) on a
      CPU with bf16 units or a CUDA device with bf16, else ``'fp32'``; an
      explicit precision is returned as given.
    - :func:`precision_context` is the matching context manager: autocast
      for ``'bf16'``, nothing for ``'fp32'``.
"""
from contextlib import nullcontext
from typing import ContextManager, Optional, Union

import torch

__all__ = [
    'PRECISIONS', 'cpu_bf16_units', 'device_has_bf16', 'precision_context',
    'resolve_precision'
]

#: the precisions a refiner runs in
PRECISIONS = ('fp32', 'bf16')


def cpu_bf16_units(cpuinfo: str = '/proc/cpuinfo') -> Optional[str]:
    """``'amx_bf16'``, ``'avx512_bf16'`` or None (see the module doc)."""
    try:
        with open(cpuinfo) as f:
            flags = next((line.split(':', 1)[-1].split() for line in f
                          if line.startswith('flags')), [])
    except OSError:
        flags = []
    for unit in ('amx_bf16', 'avx512_bf16'):
        if unit in flags:
            return unit
    # no /proc/cpuinfo (not Linux): torch's own dispatch level
    if torch.backends.cpu.get_cpu_capability() == 'AMX':
        return 'amx_bf16'
    return None


def device_has_bf16(device: Union[str, torch.device]) -> bool:
    """bf16 runs natively: a CPU with bf16 units or a CUDA device with
    bf16 support."""
    device = torch.device(device)
    if device.type == 'cuda':
        return torch.cuda.is_bf16_supported()
    return cpu_bf16_units() is not None


def resolve_precision(requested: str, preferred: str = 'fp32',
                      device: Union[str, torch.device] = 'cpu') -> str:
    """The precision to run in (see the module doc).

    Args:
        requested (str): ``'auto'``, ``'fp32'`` or ``'bf16'``.
        preferred (str): The config's ``inference_precision``.
            Defaults to ``'fp32'``.
        device (str | torch.device): Where the refiner runs.

    Returns:
        str: ``'fp32'`` or ``'bf16'``.
    """
    for name, value in (('precision', requested),
                        ('inference_precision', preferred)):
        allowed = PRECISIONS + (('auto', ) if name == 'precision' else ())
        if value not in allowed:
            raise ValueError(f'{name} must be one of {allowed}, got '
                             f'{value!r}')
    if requested != 'auto':
        return requested
    return preferred if device_has_bf16(device) else 'fp32'


def precision_context(precision: str,
                      device: Union[str, torch.device] = 'cpu'
                      ) -> ContextManager:
    """bf16 autocast on the device's type for ``'bf16'``, else nothing."""
    if precision == 'fp32':
        return nullcontext()
    if precision != 'bf16':
        raise ValueError(f'precision must be one of {PRECISIONS}, got '
                         f'{precision!r}')
    return torch.autocast(torch.device(device).type, dtype=torch.bfloat16)
