"""Refine one person's keypoints over a whole video with any refiner.

    python tools/refine.py CONFIG [CHECKPOINT] INPUT --out-dir DIR \
        [--key KEY] [--batch-size N] [--stride S] [--device cpu] \
        [--plot-keypoints NAME|INDEX ...] [--fps FPS] \
        [--video VIDEO [--video-mode side_by_side|overlay]] \
        [--cfg-options k=v ...]

CONFIG is a refiner config (``configs/*_climb.py``: a learned refiner with
its CHECKPOINT, or the Identity / a classical filter without one). INPUT is
a ClimbAlong input ``.npz`` (``heatmaps`` + ``bboxes``), a keypoint ``.npz``
(``keypoints``, or ``det25`` as in the sports2d demo detections, or the
array named by ``--key``), a ``.npy`` (T, K, 2|3) or an MMPose-style
prediction ``.json`` (see ``mmclimb/apis/sequence_inputs.py``); positions
in image pixels, missing ones (NaN, frames without a detection) filled.

Writes, atomically, to DIR (STEM = INPUT's file name without extension):

- ``STEM_refined.npz``: ``keypoints`` (T, K, 2) and ``keypoint_scores``
  (T, K) refined, ``raw_keypoints`` (T, K, 2) (NaN where missing) and
  ``raw_keypoint_scores`` (T, K) as read, ``missing`` (T, K) bool;
- ``STEM_refined.json``: per frame ``{"frame_id": t, "instances":
  [{"keypoints": [[x, y], ...], "keypoint_scores": [...]}]}``, MMPose's
  video prediction layout (readable again as INPUT);
- with ``--plot-keypoints``: ``STEM_trajectories.png`` (x and y over time,
  raw vs refined);
- with ``--video``: ``STEM_<video-mode>.mp4`` (skeletons drawn on the
  video: raw and refined side by side, or overlaid).

It prints the jitter, the mean acceleration ``|p[t+1] - 2 p[t] + p[t-1]|``
in px/frame^2 over the keypoints present in the input at all three frames,
before and after refining.
"""
import argparse
import os.path as osp

import numpy as np
from mmengine.config import DictAction

from mmclimb.apis import init_refiner, load_sequence, refine_sequence
from mmclimb.evaluation.functional import trajectory_jitter
from mmclimb.fileio import save_json_atomic, save_npz_atomic


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description='Refine the keypoints of a whole video with an mmclimb '
        'refiner or classical filter')
    parser.add_argument('config', help='refiner config file')
    parser.add_argument(
        'checkpoint',
        nargs='?',
        help='checkpoint; leave out for the Identity and the classical '
        'filters')
    parser.add_argument(
        'input', help='detections: .npz (ClimbAlong input or keypoints), '
        '.npy or MMPose-style .json')
    parser.add_argument('--out-dir', required=True, help='output folder')
    parser.add_argument(
        '--key',
        help='keypoint array of a .npz input (default: "keypoints", then '
        '"det25")')
    parser.add_argument(
        '--batch-size',
        type=int,
        help='windows per model call (default: 1024 for coordinate '
        'refiners, 32 for heatmap refiners)')
    parser.add_argument(
        '--stride',
        type=int,
        help='frames between window starts (default: the refiner\'s own, '
        'L - 1 = 4 for DeciWatch as the official code slides, else 1)')
    parser.add_argument('--device', default='cpu', help='e.g. cpu, cuda:0')
    parser.add_argument(
        '--precision',
        choices=['auto', 'fp32', 'bf16'],
        default='auto',
        help='auto (default): the config\'s inference_precision (bf16 for '
        'the heatmap refiners) where the device has bf16 units, else fp32')
    parser.add_argument(
        '--plot-keypoints',
        nargs='+',
        metavar='NAME|INDEX',
        help='plot these keypoints\' trajectories, raw vs refined')
    parser.add_argument(
        '--fps',
        type=float,
        help='frame rate for the plot\'s time axis (default: the input\'s '
        '"fps" if it has one, else frames)')
    parser.add_argument(
        '--video', help='the source video: draw raw and refined skeletons')
    parser.add_argument(
        '--video-mode',
        choices=['side_by_side', 'overlay'],
        default='side_by_side',
        help='how to draw raw and refined (default side_by_side)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value pairs')
    return parser.parse_args(argv)


def keypoint_indices(choices, names):
    """Indices of keypoints given by name or index."""
    indices = []
    for choice in choices:
        if choice.isdigit() and int(choice) < len(names):
            indices.append(int(choice))
        elif choice in names:
            indices.append(names.index(choice))
        else:
            raise SystemExit(f'--plot-keypoints: unknown keypoint {choice!r}; '
                             f'expected an index < {len(names)} or one of '
                             f'{names}')
    return indices


def json_predictions(keypoints: np.ndarray, scores: np.ndarray) -> list:
    """MMPose's video prediction layout, one instance per frame."""
    return [
        dict(frame_id=t, instances=[
            dict(keypoints=kpts.tolist(), keypoint_scores=kpt_scores.tolist())
        ]) for t, (kpts, kpt_scores) in enumerate(zip(keypoints, scores))
    ]


def write_pictures(args, stem, raw, refined, fps):
    """The trajectory plot and the skeleton video, as asked for."""
    from mmclimb.visualization import (climbalong_skeleton,
                                       plot_trajectories,
                                       write_skeleton_video)
    style = climbalong_skeleton()
    if args.plot_keypoints:
        out_file = osp.join(args.out_dir, f'{stem}_trajectories.png')
        plot_trajectories(raw, refined, style.keypoint_names,
                          keypoint_indices(args.plot_keypoints,
                                           style.keypoint_names), out_file,
                          fps)
        print(f'trajectory plot written to {out_file}')
    if args.video:
        out_file = osp.join(args.out_dir, f'{stem}_{args.video_mode}.mp4')
        write_skeleton_video(args.video, raw, refined, out_file,
                             style.skeleton, style.colors, args.video_mode)
        print(f'skeleton video written to {out_file}')


def main(argv=None):
    args = parse_args(argv)
    refiner = init_refiner(args.config, args.checkpoint, args.device,
                           args.cfg_options, precision=args.precision)
    sequence = load_sequence(
        args.input,
        key=args.key,
        num_keypoints=refiner.refine_settings.num_keypoints)
    keypoints, scores = refine_sequence(
        refiner,
        sequence,
        batch_size=args.batch_size,
        stride=args.stride,
        progress=True)

    stem = osp.splitext(osp.basename(args.input))[0]
    out_file = osp.join(args.out_dir, f'{stem}_refined')
    raw = sequence.raw_keypoints
    save_npz_atomic(
        out_file + '.npz',
        keypoints=keypoints,
        keypoint_scores=scores,
        raw_keypoints=raw,
        raw_keypoint_scores=sequence.scores,
        missing=sequence.missing)
    save_json_atomic(out_file + '.json', json_predictions(keypoints, scores))
    print(f'{sequence.num_frames} frames refined '
          f'({refiner.refine_settings.precision}); keypoints written to '
          f'{out_file}.npz and {out_file}.json')

    present = ~sequence.missing
    print('jitter (mean acceleration, px/frame^2, keypoints present in the '
          f'input): raw {trajectory_jitter(sequence.keypoints, present):.2f} -> '
          f'refined {trajectory_jitter(keypoints, present):.2f}')
    if args.plot_keypoints or args.video:
        write_pictures(args, stem, raw, keypoints, args.fps or sequence.fps)


if __name__ == '__main__':
    main()
