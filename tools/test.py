"""Evaluate a checkpoint from a config file (MMPose's tools/test.py conventions).

Examples:
    python tools/test.py CONFIG CHECKPOINT
    python tools/test.py configs/identity_climb.py
    python tools/test.py CONFIG CHECKPOINT --out metrics.json --dump preds.pkl
    python tools/test.py CONFIG CHECKPOINT --precision bf16
    bash tools/dist_test.sh CONFIG CHECKPOINT 2
"""
import argparse
import os
import os.path as osp
import sys

import mmengine
import torch
from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmclimb.fileio import write_atomic
from mmclimb.utils import (add_debug_argument, configure_allocator,
                           configure_threads, distributed, resolve_precision,
                           run_main, use_checked_loading)

#: --out file suffix -> mmengine.dump format
OUT_FORMATS = {
    '.json': 'json',
    '.yaml': 'yaml',
    '.yml': 'yaml',
    '.pkl': 'pkl',
    '.pickle': 'pkl'
}


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Evaluate an mmclimb refiner on its test split')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint',
        nargs='?',
        help='checkpoint file; leave out for a model without weights to '
        'load (the Identity baseline, classical filters)')
    parser.add_argument(
        '--work-dir',
        help='the dir to save the evaluation logs '
        '(default: ./work_dirs/<config name>)')
    parser.add_argument(
        '--out',
        help='write the metrics to this file (.json, .yaml or .pkl)')
    parser.add_argument(
        '--dump',
        help='dump the predictions to this pickle file for offline '
        'evaluation')
    parser.add_argument(
        '--precision',
        choices=['fp32', 'bf16', 'auto'],
        default='fp32',
        help='fp32 (default), bf16 autocast on the CPU (mmengine\'s test '
        'loop with fp16=True; float16 on CUDA), or auto: the config\'s '
        'inference_precision where the device has bf16 units, as '
        'tools/refine.py runs it')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value pairs')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    add_debug_argument(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


#: hooks that act on the training loop only (EarlyStoppingHook asserts that
#: there is one, which would build the training dataset)
TRAINING_HOOKS = ('EarlyStoppingHook', 'ResumableEarlyStoppingHook')
#: the config entries of training; testing builds none of them
TRAINING_KEYS = ('train_dataloader', 'train_cfg', 'optim_wrapper',
                 'param_scheduler', 'auto_scale_lr')


def drop_training(cfg):
    """Remove what only training needs, so testing neither builds nor needs
    the training dataset."""
    for key in TRAINING_KEYS:
        if key in cfg:
            cfg[key] = None
    cfg.custom_hooks = [
        hook for hook in cfg.get('custom_hooks') or []
        if hook.get('type') not in TRAINING_HOOKS
    ]


def merge_args(cfg, args):
    """Apply the command-line options to ``cfg``."""
    cfg.launcher = args.launcher
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    drop_training(cfg)

    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])

    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    if resolve_precision(args.precision, cfg.get('inference_precision',
                                                 'fp32'), device) == 'bf16':
        cfg.test_cfg = dict(cfg.get('test_cfg') or {}, fp16=True)

    cfg.load_from = args.checkpoint
    cfg.resume = False
    # strict (cfg.partial_load=True: partial); warns when testing an
    # untrained learned refiner
    use_checked_loading(cfg)
    if args.checkpoint is None:
        print('no checkpoint given: evaluating the model as built by the '
              'config (its initial weights, if it has any)')

    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--dump must name a .pkl or .pickle file, '
                             f'got {args.dump!r}')
        evaluator = cfg.test_evaluator
        if isinstance(evaluator, dict):
            evaluator = [evaluator]
        cfg.test_evaluator = [
            *evaluator,
            dict(type='DumpResults', out_file_path=args.dump)
        ]
    return cfg


def main(argv=None):
    args = parse_args(argv)
    configure_threads()
    configure_allocator()
    if args.out is not None:
        out_format = OUT_FORMATS.get(osp.splitext(args.out)[1])
        if out_format is None:
            raise ValueError(f'--out must name a .json, .yaml or .pkl file, '
                             f'got {args.out!r}')
    cfg = Config.fromfile(args.config)
    cfg = merge_args(cfg, args)
    with distributed(cfg, args.launcher):
        # no reference outlives the block (see tools/train.py)
        runner = Runner.from_cfg(cfg)
        metrics = runner.test()
        rank = runner.rank
        del runner
    if args.out is not None and rank == 0:
        dumped = mmengine.dump(metrics, file_format=out_format)
        if isinstance(dumped, str):
            dumped = dumped.encode('utf-8')
        write_atomic(args.out, lambda f: f.write(dumped))
        print(f'metrics written to {args.out}')


if __name__ == '__main__':
    sys.exit(run_main(main))
