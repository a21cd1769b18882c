"""How many threads torch uses in each process of the tools.

torch's default is one thread per core. On a small machine that another
process also uses, OpenMP threads then wait for one another on a busy core,
and a DeciWatch training iteration with 2 threads on 2 cores was many times
slower than with 1; mmclimb's models are small, and a second thread gains
little even on an idle machine. :func:`configure_threads` sets

- ``MMCLIMB_NUM_THREADS`` when that environment variable is set;
- otherwise whatever ``OMP_NUM_THREADS`` says, when it is set (torch reads
  it itself);
- otherwise half of the cores this process may run on, divided among the
  processes of the node (``LOCAL_WORLD_SIZE``, set by torchrun), at least 1:
  1 thread on 2 cores, 8 on 16.

Data-loader worker processes run one torch thread each (torch's own default
for workers).
"""
import os
from typing import Mapping, Optional, Tuple

import torch

__all__ = ['configure_threads', 'default_num_threads']

ENV_VAR = 'MMCLIMB_NUM_THREADS'


def _available_cores() -> int:
    if hasattr(os, 'sched_getaffinity'):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_num_threads(environ: Optional[Mapping[str, str]] = None,
                        cores: Optional[int] = None) -> Tuple[int, str]:
    """The thread count :func:`configure_threads` sets, and why.

    Args:
        environ (Mapping, optional): The environment. Defaults to
            ``os.environ``.
        cores (int, optional): Cores this process may use. Defaults to its
            CPU affinity.

    Returns:
        tuple[int, str]: The count and its source (``'MMCLIMB_NUM_THREADS'``,
        ``'OMP_NUM_THREADS'`` or ``'default'``).

    Raises:
        ValueError: ``MMCLIMB_NUM_THREADS`` is not a positive integer.
    """
    environ = os.environ if environ is None else environ
    for name in (ENV_VAR, 'OMP_NUM_THREADS'):
        value = environ.get(name)
        if value:
            if not value.isdigit() or int(value) < 1:
                raise ValueError(
                    f'{name}={value!r}: expected a positive integer')
            return int(value), name
    cores = _available_cores() if cores is None else cores
    processes = max(1, int(environ.get('LOCAL_WORLD_SIZE', '1') or 1))
    return max(1, cores // processes // 2), 'default'


def configure_threads() -> int:
    """Set torch's intra-op thread count (:func:`default_num_threads`).

    Returns:
        int: The thread count now in effect.
    """
    threads, _ = default_num_threads()
    torch.set_num_threads(threads)
    return threads
