"""Benchmark refiners: latency, FLOPs against the measured peak, sequence
throughput, training step time and memory, in fp32 and bf16/fp16 autocast.

    python tools/benchmark.py                       # every refiner config
    python tools/benchmark.py configs/conv3d_climb.py --precisions fp32
    python tools/benchmark.py --markdown docs/benchmark_tables.md \
        --checkpoint conv3d_climb=work_dirs/conv3d_climb/best.pth

Per config and precision it prints: counted GFLOP per window; ms per window
at batch 1 and batch 16 (median after warm-up); the achieved GFLOP/s at
batch 16 and its fraction of the matrix-multiply peak measured in the same
run and dtype; frames/s refining one long sequence through
``refine_sequence`` batched and one window per call; a training step at
batch 16 (fp32, and bf16 autocast as ``tools/train.py --amp``) split into
data loading and compute, with its peak memory; and which precision is the
refiner's default on this machine (``init_refiner(precision='auto')``).
Per learned refiner it also compares the backends: ms per window at each
batch size for PyTorch (each precision) and for the head's ONNX graph in
onnxruntime (fp32, CPU), at each ``--backend-threads`` count (default 1
and 2; ``--no-onnxruntime`` skips it).
``--checkpoint NAME=CKPT`` adds the PCK change of bf16 autocast on the
config's test split (``tools/test.py --precision`` run twice). Nothing here
asserts a speed; it only measures and prints.
"""
import argparse
import datetime
import json
import os
import os.path as osp
import platform
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional, Tuple

import torch

from mmclimb.utils import add_debug_argument, device_argument, run_main

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEFAULT_CONFIGS = ('configs/identity_climb.py', 'configs/conv3d_climb.py',
                   'configs/biconvlstm_s_climb.py',
                   'configs/biconvlstm_c_climb.py',
                   'configs/deciwatch_climb.py', 'configs/smoothnet_climb.py',
                   'configs/one_euro_climb.py',
                   'configs/savitzky_golay_climb.py',
                   'configs/gaussian_filter_climb.py')
PEAK_DTYPES = dict(
    fp32=torch.float32, bf16=torch.bfloat16, fp16=torch.float16)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        'configs', nargs='*', default=list(DEFAULT_CONFIGS),
        help='refiner configs (default: the four refiners, SmoothNet, the '
        'Identity and the classical filters)')
    parser.add_argument('--device', default='cpu', type=device_argument,
                        help='cpu or cuda[:N] (checked against this machine)')
    parser.add_argument(
        '--precisions', nargs='+', default=None,
        choices=sorted(PEAK_DTYPES),
        help='default: fp32, plus bf16 where the device supports it')
    parser.add_argument('--batch-sizes', nargs='+', type=int, default=[1, 16])
    parser.add_argument('--repeats', type=int, default=5,
                        help='timed calls per latency (median)')
    parser.add_argument(
        '--sequence-frames', type=int, default=10000,
        help='frames of the throughput sequence for coordinate refiners '
        'and filters')
    parser.add_argument(
        '--heatmap-sequence-frames', type=int, default=400,
        help='frames of the throughput sequence for heatmap refiners (they '
        'render and refine a 25x56x56 heatmap stack per frame)')
    parser.add_argument('--train-iterations', type=int, default=6)
    parser.add_argument('--train-batch-size', type=int, default=16)
    parser.add_argument('--no-train', action='store_true',
                        help='skip the training-step measurement')
    parser.add_argument(
        '--backend-threads', nargs='+', type=int, default=[1, 2],
        help='thread counts of the PyTorch / onnxruntime comparison '
        '(default 1 2)')
    parser.add_argument('--no-onnxruntime', action='store_true',
                        help='skip the PyTorch / onnxruntime comparison')
    parser.add_argument(
        '--checkpoint', action='append', default=[], metavar='NAME=CKPT',
        help='config name (file stem) = checkpoint, for the bf16 accuracy '
        'change on the test split')
    parser.add_argument('--cfg-options', nargs='+', default=[],
                        metavar='KEY=VALUE',
                        help='config overrides for every config')
    parser.add_argument(
        '--profile', action='store_true',
        help='also print, per config and precision, the torch.profiler '
        'tables (operators by self CPU time) of inference at the largest '
        'batch size and, where it trains, of one training step')
    parser.add_argument('--markdown', help='also write the tables here')
    parser.add_argument('--json', help='also write the raw figures here')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def supported_precisions(device: str) -> List[str]:
    """fp32, plus bf16 on a CPU with bf16 units (or CUDA with bf16, else
    fp16 there); says so when the CPU has none."""
    from mmclimb.utils import device_has_bf16
    if torch.device(device).type == 'cuda':
        return ['fp32', 'bf16'] if torch.cuda.is_bf16_supported() \
            else ['fp32', 'fp16']
    if device_has_bf16(device):
        return ['fp32', 'bf16']
    print('this CPU has no bf16 units (neither amx_bf16 nor avx512_bf16 in '
          '/proc/cpuinfo): fp32 only, and every refiner\'s default '
          'precision stays fp32', flush=True)
    return ['fp32']


def machine_description(device: str, memory_kept: bool) -> str:
    """CPU model, cores, torch threads and version, the allocator mode in
    effect (``keep`` where :func:`~mmclimb.utils.configure_allocator` kept
    freed memory, else ``system``) and the GPU."""
    model = platform.processor() or 'unknown CPU'
    try:
        with open('/proc/cpuinfo') as cpuinfo:
            for line in cpuinfo:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    from mmclimb.utils import cpu_bf16_units
    text = (f'{model}, {os.cpu_count()} logical cores, torch '
            f'{torch.__version__} with {torch.get_num_threads()} threads '
            f'({torch.backends.cpu.get_cpu_capability()}; bf16 units: '
            f'{cpu_bf16_units() or "none"}; allocator: '
            f'{"keep" if memory_kept else "system"})')
    if torch.device(device).type == 'cuda':
        text += f'; GPU {torch.cuda.get_device_name(device)}'
    return text


def parse_cfg_options(options: List[str]) -> Optional[dict]:
    """KEY=VALUE strings -> a dict, values parsed as ``--cfg-options`` of
    the train and test tools parse them (mmengine's ``DictAction``)."""
    from mmengine.config import DictAction
    parsed = {}
    for option in options:
        key, sep, value = option.partition('=')
        if not sep:
            raise SystemExit(f'--cfg-options expects KEY=VALUE, got '
                             f'{option!r}')
        parsed[key] = DictAction._parse_iterable(value)
    return parsed or None


def applicable_options(config: str, options: Optional[dict]) -> dict:
    """The overrides whose top-level key the config sets (not to None):
    e.g. the training loader's options skip a config without training."""
    from mmengine.config import Config
    cfg = Config.fromfile(config)
    return {
        key: value
        for key, value in (options or {}).items()
        if cfg.get(key.split('.')[0]) is not None
    }


def evaluate_checkpoint(config: str, checkpoint: str, precision: str,
                 cfg_options: List[str]) -> Dict[str, float]:
    """``tools/test.py`` metrics of a checkpoint, optionally autocast."""
    options = list(cfg_options)
    with tempfile.TemporaryDirectory() as tmp:
        out = osp.join(tmp, 'metrics.json')
        command = [
            sys.executable,
            osp.join(REPO, 'tools', 'test.py'), config, checkpoint, '--out',
            out, '--work-dir', tmp, '--precision',
            'fp32' if precision == 'fp32' else 'bf16'
        ]
        if options:
            command += ['--cfg-options'] + options
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)


def benchmark_config(config: str, args, peaks: Dict[str, float],
                     checkpoints: Dict[str, str]) -> Tuple[List[dict],
                                                           List[dict]]:
    """Rows (one per precision) of figures for one config, and its
    backend comparison rows (:func:`backend_rows`)."""
    from mmclimb.benchmarking import RefinerBenchmark
    name = osp.splitext(osp.basename(config))[0]
    bench = RefinerBenchmark(
        config,
        args.device,
        cfg_options=applicable_options(config,
                                       parse_cfg_options(args.cfg_options)))
    kind = 'filter' if bench.is_filter else bench.settings.input_kind
    heatmaps = bench.settings.input_kind == 'heatmaps'
    frames = args.heatmap_sequence_frames if heatmaps \
        else args.sequence_frames
    flops = bench.flops_per_window()
    params = sum(p.numel() for p in bench.refiner.parameters())
    rows = []
    for precision in args.precisions:
        row = dict(config=name, kind=kind, precision=precision,
                   default=precision == bench.settings.precision,
                   params=params, gflop_per_window=flops / 1e9)
        for batch in args.batch_sizes:
            seconds = bench.window_seconds(batch, precision, args.repeats)
            row[f'ms_per_window_b{batch}'] = seconds * 1e3
            row[f'gflops_b{batch}'] = flops / seconds / 1e9
            row[f'peak_fraction_b{batch}'] = \
                flops / seconds / 1e9 / peaks[precision]
        if args.profile:
            print(f'{name} {precision} batch {args.batch_sizes[-1]}:\n' +
                  bench.profile_table(args.batch_sizes[-1], precision),
                  flush=True)
        row['sequence_frames'] = frames
        row['sequence_fps'] = bench.sequence_fps(frames, None, precision)
        if not bench.is_filter:
            row['loop_fps'] = bench.sequence_fps(frames, 1, precision)
        if (bench.trainable and not args.no_train
                and precision in ('fp32', 'bf16')):
            if args.profile:
                print(f'{name} {precision} training step, batch '
                      f'{args.train_batch_size}:\n' +
                      bench.training_profile_table(args.train_batch_size,
                                                   precision),
                      flush=True)
            row.update({
                f'train_{k}': v
                for k, v in bench.training_step(
                    args.train_batch_size, args.train_iterations,
                    precision=precision).items()
            })
        if name in checkpoints:
            metrics = evaluate_checkpoint(config, checkpoints[name], precision,
                                   args.cfg_options)
            row.update({f'test_{k}': v for k, v in metrics.items()})
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows, backend_rows(bench, name, args)


def backend_rows(bench, name: str, args) -> List[dict]:
    """ms per window of PyTorch (each precision) and onnxruntime at each
    thread count, for a learned refiner on the CPU (else no rows)."""
    from mmclimb.benchmarking import torch_threads
    if args.no_onnxruntime or bench.is_filter or not bench.trainable \
            or torch.device(args.device).type != 'cpu':
        return []
    rows = []
    for threads in args.backend_threads:
        runs = [('pytorch', p, lambda b, p=p: bench.window_seconds(
            b, p, args.repeats)) for p in args.precisions]
        runs.append(('onnxruntime', 'fp32',
                     lambda b: bench.onnxruntime_window_seconds(
                         b, threads, args.repeats)))
        for backend, precision, seconds in runs:
            row = dict(config=name, backend=backend, precision=precision,
                       threads=threads)
            with torch_threads(threads):
                for batch in args.batch_sizes:
                    row[f'ms_per_window_b{batch}'] = seconds(batch) * 1e3
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def _cell(row: dict, key: str, fmt: str, scale: float = 1.0) -> str:
    value = row.get(key)
    return '-' if value is None else format(value * scale, fmt)


def _table(header: List[str], rows: List[List[str]]) -> List[str]:
    """A Markdown table's lines: header, separator, one line per row."""
    lines = ['| ' + ' | '.join(cells) + ' |' for cells in [header, *rows]]
    return [lines[0], '|---' * len(header) + '|', *lines[1:]]


def _speed_cells(row: dict, batch_sizes: List[int]) -> List[str]:
    """One row of the speed table."""
    last = batch_sizes[-1]
    speedup = (row['sequence_fps'] / row['loop_fps']
               if row.get('loop_fps') else None)
    return [
        row['config'], row['kind'], row['precision'],
        'yes' if row.get('default') else '-',
        _cell(row, 'gflop_per_window', '.3f')
    ] + [_cell(row, f'ms_per_window_b{b}', '.3f') for b in batch_sizes] + [
        _cell(row, f'gflops_b{last}', '.1f'),
        _cell(row, f'peak_fraction_b{last}', '.0f', 100.0),
        str(row['sequence_frames']),
        _cell(row, 'sequence_fps', ',.0f'),
        _cell(row, 'loop_fps', ',.0f'),
        '-' if speedup is None else f'{speedup:.1f}x'
    ]


def markdown_tables(rows: List[dict], peaks: Dict[str, float],
                    batch_sizes: List[int],
                    backends: Optional[List[dict]] = None) -> str:
    """The benchmark's tables in Markdown."""
    last = batch_sizes[-1]
    lines = [
        'Matrix-multiply peak measured in this run: ' + ', '.join(
            f'{p} {v:.0f} GFLOP/s' for p, v in peaks.items()) + '.', ''
    ]
    lines += _table(
        ['config', 'kind', 'prec.', 'default', 'GFLOP/window'] +
        [f'ms/window b{b}' for b in batch_sizes] + [
            f'GFLOP/s b{last}', f'% of peak b{last}', 'sequence frames',
            'frames/s batched', 'frames/s 1 window/call', 'speed-up'
        ], [_speed_cells(row, batch_sizes) for row in rows])
    train = [r for r in rows if 'train_step_s' in r]
    if train:
        lines += [''] + _table(
            ['config', 'prec.', 'train step ms', 'data ms', 'compute ms',
             'data %', 'peak memory MiB'],
            [[row['config'], row['precision'],
              _cell(row, 'train_step_s', '.0f', 1e3),
              _cell(row, 'train_data_s', '.0f', 1e3),
              _cell(row, 'train_compute_s', '.0f', 1e3),
              _cell(row, 'train_data_fraction', '.1f', 100.0),
              _cell(row, 'train_peak_memory_bytes', '.0f', 1 / 2**20)]
             for row in train])
    if backends:
        lines += [''] + _table(
            ['config', 'backend', 'prec.', 'threads'] +
            [f'ms/window b{b}' for b in batch_sizes],
            [[row['config'], row['backend'], row['precision'],
              str(row['threads'])] +
             [_cell(row, f'ms_per_window_b{b}', '.3f') for b in batch_sizes]
             for row in backends])
    metrics = ('PCK@0.05', 'PCK@0.1', 'PCK@0.2', 'MPJPE_px')
    tested = [r for r in rows if 'test_PCK@0.05' in r]
    if tested:
        lines += [''] + _table(
            ['config', 'prec.', *metrics],
            [[row['config'], row['precision']] +
             [_cell(row, f'test_{k}', '.2f') for k in metrics]
             for row in tested])
    return '\n'.join(lines) + '\n'


def main(argv=None):
    args = parse_args(argv)
    os.chdir(REPO)
    import mmclimb  # noqa: F401
    from mmclimb.benchmarking import matmul_peak_gflops
    from mmclimb.fileio import write_atomic
    from mmclimb.utils import configure_allocator
    memory_kept = configure_allocator()  # as the train/test/refine tools
    args.precisions = args.precisions or supported_precisions(args.device)
    checkpoints = {}
    for pair in args.checkpoint:
        name, sep, path = pair.partition('=')
        if not sep:
            raise SystemExit(f'--checkpoint expects NAME=CKPT, got {pair!r}')
        checkpoints[name] = path
    machine = machine_description(args.device, memory_kept)
    started = datetime.datetime.now(datetime.timezone.utc)
    print(f'machine: {machine}', flush=True)
    peaks = {
        p: matmul_peak_gflops(PEAK_DTYPES[p], args.device)
        for p in args.precisions
    }
    print('matmul peak GFLOP/s: ' + json.dumps(peaks), flush=True)
    rows, backends = [], []
    for config in args.configs:
        config_rows, config_backends = benchmark_config(
            config, args, peaks, checkpoints)
        rows += config_rows
        backends += config_backends
    tables = markdown_tables(rows, peaks, args.batch_sizes, backends)
    print(tables)
    header = (f'Measured {started:%Y-%m-%d %H:%M} UTC on {machine}.\n\n'
              'Command: `python tools/benchmark.py ' +
              ' '.join(sys.argv[1:] if argv is None else argv) + '`\n\n')
    if args.markdown:
        text = (header + tables).encode()
        write_atomic(args.markdown, lambda f: f.write(text))
    if args.json:
        text = json.dumps(
            dict(machine=machine, peaks=peaks, rows=rows,
                 backend_rows=backends), indent=1).encode()
        write_atomic(args.json, lambda f: f.write(text))


if __name__ == '__main__':
    sys.exit(run_main(main))
