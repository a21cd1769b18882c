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
      An explicit ``'bf16'`` on a device without bf16 is kept, with an
      :class:`EmulatedBf16Warning` (:func:`warn_if_emulated_bf16`).
    - :func:`precision_context` is the matching context manager: autocast
      for ``'bf16'``, nothing for ``'fp32'``.
"""
import warnings
from contextlib import nullcontext
from typing import ContextManager, Optional, Union

import torch

__all__ = [
    'PRECISIONS', 'EmulatedBf16Warning', 'cpu_bf16_units', 'device_has_bf16',
    'precision_context', 'resolve_precision', 'warn_if_emulated_bf16'
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


class EmulatedBf16Warning(UserWarning):
    """bf16 was asked for on a device without bf16 units: PyTorch emulates
    it, and it can be far slower than fp32."""


def warn_if_emulated_bf16(device: Union[str, torch.device] = 'cpu',
                          what: str = 'bf16') -> bool:
    """Warn (:class:`EmulatedBf16Warning`) when ``device`` has no bf16.

    Args:
        device (str | torch.device): Where the bf16 work runs.
        what (str): What asked for bf16, for the message (e.g.
            ``'--amp'``). Defaults to ``'bf16'``.

    Returns:
        bool: Whether it warned.
    """
    if device_has_bf16(device):
        return False
    where = ('this CUDA device does not support bf16'
             if torch.device(device).type == 'cuda' else
             'this CPU has no bf16 units (no amx_bf16 or avx512_bf16 in '
             '/proc/cpuinfo)')
    warnings.warn(
        f'{what}: {where}, so PyTorch emulates bf16 and it can be far '
        'slower than fp32 (a 3DConv window of 5 x 25 x 56 x 56: 8.3 s '
        'against 0.02 s in fp32 on a 2-core AVX2 CPU); fp32 is the '
        'faster choice here',
        EmulatedBf16Warning, stacklevel=3)
    return True


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
    if requested == 'bf16':
        warn_if_emulated_bf16(device)
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
