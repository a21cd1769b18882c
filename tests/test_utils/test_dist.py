import pytest
from mmengine.config import Config

from mmclimb.utils import (dist_env_from_launcher, setup_distributed,
                           split_batch_across_ranks)


def test_torchrun_environment_is_passed_through():
    env = dist_env_from_launcher(
        'pytorch',
        dict(RANK='1', WORLD_SIZE='2', LOCAL_RANK='1', MASTER_ADDR='h',
             MASTER_PORT='1234'))
    assert env == dict(RANK='1', WORLD_SIZE='2', LOCAL_RANK='1',
                       MASTER_ADDR='h', MASTER_PORT='1234')


def test_torchrun_environment_missing_names_the_variables():
    with pytest.raises(RuntimeError, match=r"\['RANK', 'WORLD_SIZE'"):
        dist_env_from_launcher('pytorch', dict(MASTER_ADDR='h'))


def test_slurm_environment_is_translated():
    env = dist_env_from_launcher(
        'slurm',
        dict(SLURM_PROCID='3', SLURM_NTASKS='8', SLURM_LOCALID='1',
             SLURM_NODELIST='n[1-2]', MASTER_ADDR='n1'))
    assert env == dict(RANK='3', WORLD_SIZE='8', LOCAL_RANK='1',
                       MASTER_ADDR='n1', MASTER_PORT='29500')


def test_mpi_environment_is_translated():
    env = dist_env_from_launcher(
        'mpi',
        dict(OMPI_COMM_WORLD_RANK='0', OMPI_COMM_WORLD_SIZE='2',
             OMPI_COMM_WORLD_LOCAL_RANK='0'))
    assert env['RANK'] == '0' and env['WORLD_SIZE'] == '2'


def test_unknown_launcher_is_rejected():
    with pytest.raises(ValueError, match='launcher'):
        dist_env_from_launcher('none', {})


def test_no_launcher_leaves_config_alone():
    cfg = Config(dict(env_cfg=dict(dist_cfg=dict(backend='nccl'))))
    setup_distributed(cfg, 'none')
    assert cfg.env_cfg.dist_cfg.backend == 'nccl'
    assert 'model_wrapper_cfg' not in cfg


def test_batch_size_is_the_total_over_processes():
    cfg = Config(
        dict(
            train_dataloader=dict(batch_size=16),
            val_dataloader=dict(batch_size=8),
            test_dataloader=None))
    split_batch_across_ranks(cfg, 1)
    assert cfg.train_dataloader.batch_size == 16
    split_batch_across_ranks(cfg, 2)
    assert (cfg.train_dataloader.batch_size,
            cfg.val_dataloader.batch_size) == (8, 4)
    with pytest.raises(ValueError, match='train_dataloader.batch_size=8 .*'
                       '3 processes do not divide it'):
        split_batch_across_ranks(cfg, 3)
