"""Distributed set-up that also works on machines without CUDA.

mmengine 0.10.7's ``init_dist`` calls ``torch.cuda.set_device`` for every
launcher, which fails with a CPU-only torch, and its default DDP wrapper passes
``device_ids=[LOCAL_RANK]``, which DDP rejects for modules on the CPU. On such
a machine :func:`setup_distributed` initialises a gloo process group itself
before the :class:`~mmengine.runner.Runner` is built (the runner then skips its
own initialisation) and makes the model wrapper CPU-friendly. With CUDA it
changes nothing and mmengine's own path (NCCL) is used.

A config's ``batch_size`` is the *total* batch of a step, whatever the
number of processes (the thesis's 16): :func:`split_batch_across_ranks`
gives each of N processes ``batch_size / N`` windows, so that a run on 2
processes takes the same steps on the same windows as one on 1 (mmengine
alone would give each process the whole ``batch_size``: twice the total
batch and half the steps per epoch).
"""
import gc
import os
import subprocess
from contextlib import contextmanager

import torch
import torch.distributed as torch_dist
from mmengine.config import Config

__all__ = [
    'dist_env_from_launcher', 'distributed', 'setup_distributed',
    'split_batch_across_ranks'
]

DEFAULT_MASTER_PORT = '29500'


def dist_env_from_launcher(launcher: str, environ=os.environ) -> dict:
    """Translate a launcher's environment to torch's ``env://`` variables.

    Args:
        launcher (str): ``'pytorch'`` (torchrun), ``'slurm'`` (srun) or
            ``'mpi'`` (mpirun from Open MPI).
        environ (Mapping): The environment to read. Defaults to
            ``os.environ``.

    Returns:
        dict: ``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR`` and
        ``MASTER_PORT`` as strings.
    """
    env = {'MASTER_PORT': environ.get('MASTER_PORT', DEFAULT_MASTER_PORT)}
    if launcher == 'pytorch':
        keys = ('RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'MASTER_ADDR')
        missing = [key for key in keys if key not in environ]
        if missing:
            raise RuntimeError(
                f'--launcher pytorch expects torchrun to set {missing}; start '
                'the job with tools/dist_train.sh or torchrun')
        env.update({key: environ[key] for key in keys})
    elif launcher == 'slurm':
        env['RANK'] = environ['SLURM_PROCID']
        env['WORLD_SIZE'] = environ['SLURM_NTASKS']
        env['LOCAL_RANK'] = environ.get('SLURM_LOCALID', '0')
        env['MASTER_ADDR'] = environ.get('MASTER_ADDR') or subprocess.getoutput(
            f"scontrol show hostname {environ['SLURM_NODELIST']} | head -n1")
    elif launcher == 'mpi':
        env['RANK'] = environ['OMPI_COMM_WORLD_RANK']
        env['WORLD_SIZE'] = environ['OMPI_COMM_WORLD_SIZE']
        env['LOCAL_RANK'] = environ['OMPI_COMM_WORLD_LOCAL_RANK']
        env['MASTER_ADDR'] = environ.get('MASTER_ADDR', '127.0.0.1')
    else:
        raise ValueError(f"launcher must be 'pytorch', 'slurm' or 'mpi', "
                         f'got {launcher!r}')
    return env


def split_batch_across_ranks(cfg: Config, world_size: int) -> None:
    """Divide each data loader's ``batch_size`` (the total) by the number
    of processes, in place.

    Args:
        cfg (Config): The run's config.
        world_size (int): The number of processes.

    Raises:
        ValueError: A ``batch_size`` that ``world_size`` does not divide.
    """
    if world_size <= 1:
        return
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader = cfg.get(name)
        if not loader or 'batch_size' not in loader:
            continue
        total = loader['batch_size']
        if total % world_size:
            raise ValueError(
                f'{name}.batch_size={total} is the total batch over all '
                f'processes and {world_size} processes do not divide it; '
                f'set a multiple of {world_size} with --cfg-options '
                f'{name}.batch_size=...')
        loader['batch_size'] = total // world_size


def setup_distributed(cfg: Config, launcher: str) -> None:
    """Prepare ``cfg`` and the process group for a ``launcher`` run.

    With CUDA available, or with ``launcher='none'``, nothing is changed. On a
    CPU-only machine the process group is initialised with gloo, the
    ``env_cfg.dist_cfg.backend`` recorded in ``cfg`` becomes ``'gloo'`` and
    the DDP wrapper gets ``device_ids=None``.

    Args:
        cfg (Config): The run's config, changed in place.
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
    """
    if launcher == 'none' or torch.cuda.is_available():
        return
    cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
    cfg.env_cfg.dist_cfg.backend = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel')
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if torch_dist.is_initialized():
        return
    os.environ.update(dist_env_from_launcher(launcher))
    torch_dist.init_process_group(backend='gloo')


@contextmanager
def distributed(cfg: Config, launcher: str):
    """Set up with :func:`split_batch_across_ranks` and
    :func:`setup_distributed`; destroy the group on exit.

    A gloo process group left alive at interpreter exit aborts the process
    ("terminate called without an active exception"), failing the whole
    torchrun job after a successful run; so does one torn down while another
    rank still uses it, so a successful run meets at a barrier first.

    Args:
        cfg (Config): The run's config, changed in place.
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.
    """
    owned = launcher != 'none'
    if owned:
        split_batch_across_ranks(
            cfg, int(dist_env_from_launcher(launcher)['WORLD_SIZE']))
    setup_distributed(cfg, launcher)
    try:
        yield
        # after a successful run, wait for every rank before tearing the
        # group down: a rank that destroys it while another still talks to
        # it can abort the same way (seen once in CI, rank 0, after train)
        if owned and torch_dist.is_initialized():
            # free what still holds the group (the runner's DDP reducer and
            # its gloo work sit in reference cycles) while it is alive
            gc.collect()
            torch_dist.barrier()
    finally:
        if owned and torch_dist.is_initialized():
            torch_dist.destroy_process_group()
