"""Export a learned refiner to ONNX and check it against PyTorch.

    python tools/deployment/export_onnx.py CONFIG [CHECKPOINT] OUT.onnx \
        [--batch-size N] [--opset K] [--atol 1e-4] [--cfg-options k=v ...]

CONFIG is a learned refiner's config (``configs/*_climb.py``,
``configs/general/*.py``; not the classical filters, which have no window
model). The graph is the head's ``forward`` (see
``mmclimb/apis/onnx_export.py``): input ``inputs``, the config's windows
(B, L, K, H, W) heatmaps or (B, L, 2K) coordinates, output ``outputs`` of
the same kind, float32, with a dynamic batch axis B (``--batch-size`` is
the traced example's). Without CHECKPOINT the weights are the config's
initialisation (for trying the pipeline only).

After exporting, onnxruntime runs the graph on random windows (at batch N
and N + 1) beside PyTorch: if the outputs differ by more than ``--atol``
the tool prints the maximum absolute difference, writes nothing and exits
with status 1; else it writes OUT.onnx atomically. Run the graph with
``init_refiner(CONFIG, backend='onnxruntime', onnx_file=OUT.onnx)`` or
``tools/refine.py CONFIG INPUT --backend onnxruntime --onnx OUT.onnx``.
"""
import argparse
import os
import os.path as osp
import sys

from mmengine.config import DictAction

from mmclimb.apis import (OnnxMismatchError, check_onnx, export_onnx,
                          init_refiner)
from mmclimb.apis.onnx_export import DEFAULT_OPSET
from mmclimb.fileio import write_atomic
from mmclimb.utils import add_debug_argument, run_main


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Export a learned refiner to ONNX, checked with '
        'onnxruntime against PyTorch')
    parser.add_argument('config', help='refiner config file')
    parser.add_argument(
        'checkpoint',
        nargs='?',
        help='checkpoint; without it the initial weights are exported')
    parser.add_argument('out', help='the .onnx file to write')
    parser.add_argument(
        '--batch-size',
        type=int,
        default=1,
        help='batch of the traced example (the graph takes any batch; '
        'default 1)')
    parser.add_argument(
        '--opset',
        type=int,
        default=DEFAULT_OPSET,
        help=f'ONNX opset (default {DEFAULT_OPSET})')
    parser.add_argument(
        '--atol',
        type=float,
        default=1e-4,
        help='largest allowed |onnxruntime - PyTorch| (default 1e-4)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value pairs')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.batch_size < 1:
        raise SystemExit(f'--batch-size must be >= 1, got {args.batch_size}')
    refiner = init_refiner(
        args.config, args.checkpoint, cfg_options=args.cfg_options)
    if args.checkpoint is None:
        print('no checkpoint: exporting the initial weights')
    try:
        graph = export_onnx(refiner, args.batch_size, args.opset)
    except ValueError as error:
        raise SystemExit(f'{args.config}: {error}')
    try:
        diff = check_onnx(refiner, graph, args.batch_size, args.atol)
    except OnnxMismatchError as error:
        raise SystemExit(f'FAILED: {args.config}: {error}; {args.out} not '
                         'written')
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    write_atomic(args.out, lambda f: f.write(graph))
    settings = refiner.refine_settings
    print(f'{args.out} written: input (batch, '
          f'{", ".join(map(str, settings.window_shape(1)[1:]))}) '
          f'{settings.input_kind}, opset {args.opset}; onnxruntime vs '
          f'PyTorch max abs diff {diff:.3g} (<= {args.atol:g})')


if __name__ == '__main__':
    sys.exit(run_main(main))
