"""Write a split file for a ClimbAlong-format data root.

    python tools/dataset_converters/make_climbalong_split.py DATA_ROOT \
        [--method thesis|per-video] [--seq-len 5] [--seq-step 1] \
        [--train-fraction 0.6] [--fractions train=0.6 val=0.2 test=0.2] \
        [--out DATA_ROOT/splits.json]

``thesis``: the longest video is held out as ``test_long``; of the other
videos' windows (video by video, in name order) the first 60% train, the
rest alternate val/test. ``per-video``: whole videos per split, by fractions
of the videos. Every video is opened and checked first, so a broken file is
reported here, not at training time. See ``docs/climbalong_format.md``.
"""
import argparse
import os.path as osp
import sys

from mmclimb.datasets import (ClimbAlongDataset, num_windows,
                              per_video_split, save_split, thesis_split)
from mmclimb.utils import add_debug_argument, run_main


def parse_fractions(pairs):
    """``['train=0.6', ...]`` -> ``{'train': 0.6, ...}`` (order kept)."""
    fractions = {}
    for pair in pairs:
        name, sep, value = pair.partition('=')
        if not sep:
            raise argparse.ArgumentTypeError(
                f'expected NAME=FRACTION, got {pair!r}')
        fractions[name] = float(value)
    return fractions


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Write a split file for a ClimbAlong-format data root')
    parser.add_argument('data_root')
    parser.add_argument(
        '--method', choices=['thesis', 'per-video'], default='thesis')
    parser.add_argument('--seq-len', type=int, default=5)
    parser.add_argument('--seq-step', type=int, default=1)
    parser.add_argument(
        '--train-fraction',
        type=float,
        default=0.6,
        help='thesis method: fraction of windows for training')
    parser.add_argument(
        '--fractions',
        nargs='+',
        default=['train=0.6', 'val=0.2', 'test=0.2'],
        help='per-video method: NAME=FRACTION of the videos per split')
    parser.add_argument(
        '--out', help='split file (default: DATA_ROOT/splits.json)')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    dataset = ClimbAlongDataset(
        args.data_root, seq_len=args.seq_len, seq_step=args.seq_step)
    lengths = {name: v.num_frames for name, v in dataset.videos.items()}
    if args.method == 'thesis':
        split = thesis_split(lengths, args.seq_len, args.seq_step,
                             args.train_fraction)
    else:
        split = per_video_split(lengths, parse_fractions(args.fractions),
                                args.seq_len, args.seq_step)
    out = args.out or osp.join(args.data_root, 'splits.json')
    save_split(split, out)
    print(f'{len(lengths)} videos, {sum(lengths.values())} frames -> {out}')
    for name, entries in split['splits'].items():
        windows = sum(
            num_windows(lengths[e], args.seq_len, args.seq_step)
            if isinstance(e, str) else e['windows'][1] - e['windows'][0]
            for e in entries)
        print(f'  {name}: {windows} windows')


if __name__ == '__main__':
    sys.exit(run_main(main))
