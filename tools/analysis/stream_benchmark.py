"""Time per StreamingRefiner.push over a long stream, per block of frames.

    python tools/analysis/stream_benchmark.py [CONFIG ...] [--frames 10000]
        [--block 1000] [--lag L] [--checkpoint CONFIG=CKPT ...]
        [--cfg-options k=v ...] [--markdown OUT.md]

Streams ``--frames`` frames of a synthetic random walk (25 keypoints in a
person-sized box, 5% of the points missing) through
:class:`mmclimb.apis.StreamingRefiner` and prints, per config and per block
of ``--block`` frames, the median and 95th percentile of the time per
``push`` (ms): wall-clock and the process's CPU time (which other jobs on
the machine disturb less). With constant work per frame the rows stay flat
along the stream. ``--lag`` defaults to each refiner's largest. Nothing here asserts a
speed; it only measures and prints.
"""
import argparse
import sys
import time

import numpy as np
from mmengine.config import DictAction

from mmclimb.apis import StreamingRefiner, init_refiner
from mmclimb.fileio import write_atomic
from mmclimb.utils import add_debug_argument, run_main

DEFAULT_CONFIGS = ('configs/deciwatch_climb.py',
                   'configs/general/deciwatch_general.py',
                   'configs/conv3d_climb.py', 'configs/one_euro_climb.py',
                   'configs/savitzky_golay_climb.py',
                   'configs/gaussian_filter_climb.py')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('configs', nargs='*', default=list(DEFAULT_CONFIGS))
    parser.add_argument('--frames', type=int, default=10000)
    parser.add_argument('--block', type=int, default=1000)
    parser.add_argument('--lag', type=int,
                        help='default: each refiner\'s largest')
    parser.add_argument('--checkpoint', action='append', default=[],
                        metavar='CONFIG=CKPT')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument('--markdown', help='also write the table here')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def random_walk(frames: int, num_keypoints: int, seed: int = 0):
    """(T, K, 2) image pixels, 5% of the points NaN."""
    rng = np.random.default_rng(seed)
    start = rng.uniform([300, 200], [500, 800], (num_keypoints, 2))
    walk = start + rng.normal(0, 2, (frames, num_keypoints, 2)).cumsum(0)
    walk[rng.random((frames, num_keypoints)) < 0.05] = np.nan
    return walk


def push_times(stream: StreamingRefiner, keypoints) -> np.ndarray:
    """Wall-clock and CPU seconds per push, (2, T)."""
    times = np.empty((2, len(keypoints)))
    for t, frame in enumerate(keypoints):
        wall, cpu = time.perf_counter(), time.process_time()
        stream.push(frame)
        times[:, t] = (time.perf_counter() - wall,
                       time.process_time() - cpu)
    stream.flush()
    return times


def benchmark(config: str, checkpoint, args) -> dict:
    refiner = init_refiner(config, checkpoint, cfg_options=args.cfg_options)
    stream = StreamingRefiner(refiner)
    lag = stream.max_lag if args.lag is None else min(args.lag,
                                                      stream.max_lag)
    stream = StreamingRefiner(refiner, lag=lag)
    times = 1000 * push_times(
        stream, random_walk(args.frames,
                            refiner.refine_settings.num_keypoints))
    starts = range(0, times.shape[1], args.block)
    return {
        clock: dict(
            lag=lag,
            median_ms=[float(np.median(row[i:i + args.block]))
                       for i in starts],
            p95_ms=[float(np.percentile(row[i:i + args.block], 95))
                    for i in starts])
        for clock, row in zip(('wall', 'cpu'), times)
    }


def table(rows: dict, block: int) -> str:
    count = max(len(r['median_ms']) for r in rows.values())
    header = ['config', 'clock', 'lag'] + [
        f'frames {i * block}-{(i + 1) * block - 1}' for i in range(count)]
    lines = ['| ' + ' | '.join(header) + ' |',
             '|' + '---|' * len(header)]
    for (config, clock), row in rows.items():
        cells = [f'{m:.2f} / {p:.2f}'
                 for m, p in zip(row['median_ms'], row['p95_ms'])]
        lines.append(f'| {config} | {clock} | {row["lag"]} | ' +
                     ' | '.join(cells) + ' |')
    return '\n'.join(lines) + '\n\nms per push, median / 95th percentile'


def main(argv=None):
    args = parse_args(argv)
    checkpoints = dict(spec.split('=', 1) for spec in args.checkpoint)
    rows = {(config, clock): row
            for config in args.configs
            for clock, row in benchmark(config, checkpoints.get(config),
                                        args).items()}
    report = table(rows, args.block)
    print(report)
    if args.markdown:
        write_atomic(args.markdown,
                     lambda f: f.write((report + '\n').encode('utf-8')))


if __name__ == '__main__':
    sys.exit(run_main(main))
