"""Checking a torch device string against what this machine can serve.

Contract: :func:`check_device` returns the device string unchanged when
torch can put tensors there, and otherwise raises a ``ValueError`` that says
what was asked and what the machine has:

- not a device string at all (``'gpu0'``, ``'cuda:x'``);
- ``cuda``/``cuda:N`` on a machine where ``torch.cuda.is_available()`` is
  False, or ``N`` at or beyond ``torch.cuda.device_count()``;
- ``mps`` where the MPS backend is not available;
- any other device type (``meta``, ``xpu``, ...): mmclimb runs on ``cpu``,
  ``cuda[:N]`` and ``mps``.
"""
import torch

__all__ = ['check_device']

#: device types mmclimb runs on
SUPPORTED = ('cpu', 'cuda', 'mps')


def _cuda_problem(device: torch.device) -> str:
    if not torch.cuda.is_available():
        return ('this machine has no CUDA device that torch can use '
                '(torch.cuda.is_available() is False); use --device cpu')
    count = torch.cuda.device_count()
    if device.index is not None and device.index >= count:
        names = ', '.join(f'cuda:{i}' for i in range(count))
        return f'this machine has {count} CUDA device(s): {names}'
    return ''


def check_device(device: str) -> str:
    """Raise a ``ValueError`` unless torch can use ``device`` here.

    Args:
        device (str): e.g. ``'cpu'``, ``'cuda'``, ``'cuda:1'``.

    Returns:
        str: ``device``, unchanged.
    """
    try:
        parsed = torch.device(device)
    except (RuntimeError, TypeError, ValueError):
        raise ValueError(f'device {device!r} is not a device (expected cpu, '
                         'cuda, cuda:N or mps)') from None
    if parsed.type not in SUPPORTED:
        raise ValueError(f'device {device!r}: mmclimb runs on '
                         f'{", ".join(SUPPORTED)}, not {parsed.type}')
    problem = ''
    if parsed.type == 'cuda':
        problem = _cuda_problem(parsed)
    elif parsed.type == 'mps' and not torch.backends.mps.is_available():
        problem = 'the MPS backend is not available on this machine'
    if problem:
        raise ValueError(f'device {device!r}: {problem}')
    return device
