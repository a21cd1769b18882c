"""Keep freed memory in the process for the next training step (glibc).

A training step of the heatmap refiners allocates and frees tensors of tens
of MB each (a bi-ConvLSTM's gates over a window at batch 16: 20 x 200 x 56
x 56 floats, 50 MB). glibc's ``malloc`` serves allocations above its mmap
threshold (at most 32 MB) with fresh ``mmap`` pages and returns them with
``munmap`` when they are freed, and trims the top of its heap back to the
system: every step then touches its largest buffers as new pages again,
and the kernel zero-fills each page on first touch. On the 2-core machine
of docs/benchmarks.md that page-faulting cost more than the bf16
convolutions.

:func:`configure_allocator` asks glibc (``mallopt``) to serve every
allocation from its heap (``M_MMAP_MAX = 0``) and to keep up to
:data:`KEEP_BYTES` of freed memory at the heap's top (``M_TRIM_THRESHOLD``),
so that a step reuses the pages of the last one. The process's resident
memory then stays at its peak instead of falling between steps; nothing
else changes (the same numbers come out). It acts only where the C library
is glibc, and is set by the environment variable ``MMCLIMB_ALLOCATOR``:

- ``keep`` (the default): as above;
- ``system``: leave glibc's defaults.

Data-loader workers forked after the call inherit the setting.
"""
import ctypes
import os
from typing import Mapping, Optional

__all__ = ['ALLOCATOR_ENV', 'ALLOCATOR_MODES', 'KEEP_BYTES',
           'allocator_mode', 'configure_allocator', 'glibc']

ALLOCATOR_ENV = 'MMCLIMB_ALLOCATOR'
#: The values of ``MMCLIMB_ALLOCATOR``.
ALLOCATOR_MODES = ('keep', 'system')
#: Freed memory kept at the heap's top before glibc returns it (1 GiB).
KEEP_BYTES = 1 << 30

# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4


def allocator_mode(environ: Optional[Mapping[str, str]] = None) -> str:
    """``MMCLIMB_ALLOCATOR`` of ``environ`` (default ``os.environ``), or
    ``'keep'`` when unset.

    Raises:
        ValueError: The variable holds a value not in
            :data:`ALLOCATOR_MODES`.
    """
    environ = os.environ if environ is None else environ
    mode = environ.get(ALLOCATOR_ENV) or 'keep'
    if mode not in ALLOCATOR_MODES:
        raise ValueError(f'{ALLOCATOR_ENV}={mode!r}: expected one of '
                         f'{ALLOCATOR_MODES}')
    return mode


def glibc() -> Optional[ctypes.CDLL]:
    """The process's C library if it is glibc, else None (the symbols the
    process has loaded, so no library search)."""
    libc = ctypes.CDLL(None)
    if not hasattr(libc, 'gnu_get_libc_version') or \
            not hasattr(libc, 'mallopt'):
        return None
    return libc


def configure_allocator(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Apply ``MMCLIMB_ALLOCATOR`` (module docstring) to this process.

    Args:
        environ (Mapping, optional): The environment. Defaults to
            ``os.environ``.

    Returns:
        bool: True if glibc now keeps freed memory; False for ``system``
        or where the C library is not glibc.
    """
    if allocator_mode(environ) == 'system':
        return False
    libc = glibc()
    if libc is None:
        return False
    # mallopt returns 1 on success
    return bool(libc.mallopt(_M_MMAP_MAX, 0)) and bool(
        libc.mallopt(_M_TRIM_THRESHOLD, KEEP_BYTES))
