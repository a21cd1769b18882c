"""Convert a checkpoint of the official DeciWatch into an mmclimb checkpoint.

    python tools/model_converters/deciwatch_official.py IN.pth OUT.pth \
        [--config configs/deciwatch_climb.py]

IN is what the official trainer saves (``{'state_dict': ...}``). With
``--config`` the converted weights are loaded strictly into that config's
model first, so a mismatch of settings (layers, widths, keypoints) is caught
here rather than at test time. OUT loads with ``tools/test.py CONFIG OUT``
or ``load_from=OUT``.
"""
import argparse
import sys

from mmclimb.utils import add_debug_argument, run_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Convert an official DeciWatch checkpoint for mmclimb')
    parser.add_argument('src', help='official checkpoint (.pth)')
    parser.add_argument('dst', help='mmclimb checkpoint to write')
    parser.add_argument(
        '--config',
        help='an mmclimb DeciWatch config to check the weights against')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmclimb.apis import (check_against_config, load_source_state_dict,
                              save_converted)
    from mmclimb.utils import convert_official_deciwatch
    state_dict = convert_official_deciwatch(load_source_state_dict(args.src))
    if args.config:
        check_against_config(state_dict, args.config)
    save_converted(args.dst, state_dict, args.src)
    print(f'{len(state_dict)} tensors written to {args.dst}')


if __name__ == '__main__':
    sys.exit(run_main(main))
