"""Convert a checkpoint of the official SmoothNet (or of MMPose 0.x's or
MMHuman3D's SmoothNetFilter) into an mmclimb checkpoint.

    python tools/model_converters/smoothnet_official.py IN.pth OUT.pth \
        [--config configs/smoothnet_climb.py]

IN is what the official trainer saves (``{'state_dict': ...}``) or a bare
state dict (``module.`` prefixes are stripped). The tool prints the head
settings the weights have (window, widths, blocks) as ``--cfg-options``;
with ``--config`` the converted weights are loaded strictly into that
config's model with those settings, so a mismatch (another window or a
missing block) is caught here rather than at test time. OUT loads with
``tools/test.py CONFIG OUT --cfg-options <the printed options>`` or
``load_from=OUT``.
"""
import argparse
import sys

from mmclimb.utils import add_debug_argument, run_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Convert an official SmoothNet checkpoint for mmclimb')
    parser.add_argument('src', help='official checkpoint (.pth, .pth.tar)')
    parser.add_argument('dst', help='mmclimb checkpoint to write')
    parser.add_argument(
        '--config',
        help='an mmclimb SmoothNet config to check the weights against')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from mmclimb.apis import (check_against_config, load_source_state_dict,
                              save_converted)
    from mmclimb.utils import convert_official_smoothnet, smoothnet_settings
    official = load_source_state_dict(args.src)
    settings = smoothnet_settings(official)
    state_dict = convert_official_smoothnet(official)
    options = {f'model.head.{k}': v for k, v in settings.items()}
    if args.config:
        check_against_config(state_dict, args.config, options)
    save_converted(args.dst, state_dict, args.src)
    print(f'{len(state_dict)} tensors written to {args.dst}')
    print('head settings: --cfg-options ' +
          ' '.join(f'{k}={v}' for k, v in options.items()))


if __name__ == '__main__':
    sys.exit(run_main(main))
