"""Train a refiner from a config file (MMPose's tools/train.py conventions).

Examples:
    python tools/train.py configs/deciwatch_climb.py
    python tools/train.py CONFIG --work-dir work_dirs/run1 --resume
    bash tools/dist_train.sh CONFIG 2
"""
import argparse
import os
import os.path as osp
import sys

from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmclimb.utils import (add_debug_argument, configure_allocator,
                           configure_threads, distributed, run_main,
                           use_checked_loading, warn_unread_config_keys)


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Train an mmclimb refiner')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--work-dir',
        help='the dir to save logs and checkpoints '
        '(default: ./work_dirs/<config name>)')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the given checkpoint; without a path (or with '
        '"auto"), from the latest checkpoint in the work dir')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='mixed precision training: fp16 autocast with loss scaling on '
        'CUDA, bf16 autocast on the CPU')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='skip validation during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the learning rate by the actual total batch size')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value pairs such as '
        'train_dataloader.batch_size=8 or optim_wrapper.optimizer.lr=1e-4')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local-rank; torchrun sets LOCAL_RANK
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    add_debug_argument(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def merge_args(cfg, args):
    """Apply the command-line options to ``cfg``."""
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)

    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])

    # load_from and --resume: strict (cfg.partial_load=True: partial)
    use_checked_loading(cfg)
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume

    if args.amp:
        import torch
        optim_wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if optim_wrapper in ('AmpOptimWrapper', 'CPUAmpOptimWrapper'):
            print('AMP is already enabled in the config')
        elif torch.cuda.is_available():
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
        else:
            # bf16 autocast on the CPU (mmclimb.engine.CPUAmpOptimWrapper)
            cfg.optim_wrapper.type = 'CPUAmpOptimWrapper'

    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None

    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg or 'base_batch_size' not in \
                cfg.auto_scale_lr:
            raise ValueError(
                f'{args.config} has no auto_scale_lr.base_batch_size; '
                '--auto-scale-lr needs it')
        cfg.auto_scale_lr.enable = True
    return cfg


def main(argv=None):
    args = parse_args(argv)
    configure_threads()
    configure_allocator()
    cfg = Config.fromfile(args.config)
    cfg = merge_args(cfg, args)
    warn_unread_config_keys(cfg)
    with distributed(cfg, args.launcher):
        # no reference outlives the block: the runner (and DDP's pending
        # gloo work) is freed before the process group is destroyed
        Runner.from_cfg(cfg).train()


if __name__ == '__main__':
    sys.exit(run_main(main))
