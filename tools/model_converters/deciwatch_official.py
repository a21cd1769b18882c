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

import torch

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


def check_against_config(state_dict, config: str) -> None:
    """Load ``state_dict`` strictly into the config's model."""
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmpose.registry import MODELS

    import mmclimb  # noqa: F401
    cfg = Config.fromfile(config)
    with DefaultScope.overwrite_default_scope('mmpose'):
        model = MODELS.build(cfg.model)
    model.load_state_dict(state_dict, strict=True)


def main(argv=None):
    args = parse_args(argv)
    from mmclimb.fileio import write_atomic
    from mmclimb.utils import convert_official_deciwatch
    # the official checkpoints pickle plain training state (epoch, optimizer)
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=True)
    if 'state_dict' not in checkpoint:
        raise KeyError(f'{args.src}: no "state_dict" (keys: '
                       f'{sorted(checkpoint)})')
    state_dict = convert_official_deciwatch(checkpoint['state_dict'])
    if args.config:
        check_against_config(state_dict, args.config)
    checkpoint = dict(state_dict=state_dict, meta=dict(source=args.src))
    write_atomic(args.dst, lambda f: torch.save(checkpoint, f), '.pth.tmp')
    print(f'{len(state_dict)} tensors written to {args.dst}')


if __name__ == '__main__':
    sys.exit(run_main(main))
