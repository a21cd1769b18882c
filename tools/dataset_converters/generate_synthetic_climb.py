"""Write the synthetic ClimbAlong-format dataset (mmclimb's default data).

The data root gets ``input/<video>.npz`` (``bboxes``, float16 ``heatmaps``),
``target/<video>.npz`` (``keypoints``), the thesis ``splits.json`` and a
``meta.json`` with the seed and every generator parameter; see
``docs/climbalong_format.md``.

Examples:
    python tools/dataset_converters/generate_synthetic_climb.py
    python tools/dataset_converters/generate_synthetic_climb.py \\
        --out data/synthetic_tiny --preset tiny --seed 1
    python tools/dataset_converters/generate_synthetic_climb.py \\
        --num-videos 20 --frame-range 200 400 --overwrite
"""
import argparse
import os.path as osp
import sys

from mmclimb.datasets.synthetic import PRESETS, SyntheticClimbGenerator


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Generate a synthetic ClimbAlong-format dataset')
    parser.add_argument(
        '--out',
        default='data/synthetic_climb',
        help='output data root (default: data/synthetic_climb)')
    parser.add_argument(
        '--preset',
        choices=sorted(PRESETS),
        default='demo',
        help='size preset (default: demo)')
    parser.add_argument(
        '--seed', type=int, default=0, help='random seed (default: 0)')
    parser.add_argument(
        '--num-videos',
        type=int,
        help="number of videos (default: the preset's)")
    parser.add_argument(
        '--frame-range',
        type=int,
        nargs=2,
        metavar=('MIN', 'MAX'),
        help="inclusive range of video lengths (default: the preset's)")
    parser.add_argument(
        '--overwrite',
        action='store_true',
        help='replace the dataset in a non-empty output folder')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """Generate the dataset; return the exit status."""
    args = parse_args(argv)
    try:
        generator = SyntheticClimbGenerator(
            seed=args.seed,
            preset=args.preset,
            num_videos=args.num_videos,
            frame_range=args.frame_range)
        generator.check_out_dir(args.out, args.overwrite)
    except ValueError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    except FileExistsError as err:
        print(f'error: {err}', file=sys.stderr)
        return 1
    preset = generator.preset
    total = sum(generator.video_lengths.values())
    print(
        f'Generating {preset.num_videos} videos ({total} frames, lengths '
        f'{preset.frame_range[0]}-{preset.frame_range[1]}) of preset '
        f'"{preset.name}" with seed {args.seed} into {osp.abspath(args.out)}')
    summary = generator.write(
        args.out, overwrite=args.overwrite, progress=True)
    print(f'Wrote {summary["num_videos"]} videos, '
          f'{summary["total_frames"]} frames, '
          f'{summary["bytes"] / 2**20:.1f} MiB in {summary["seconds"]:.1f} s '
          f'to {osp.abspath(summary["out_dir"])}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
