"""Refine the keypoints of a whole video with any refiner: one person, or
every person of a prediction ``.json``.

    python tools/refine.py CONFIG [CHECKPOINT] INPUT --out-dir DIR \
        [--key KEY] [--batch-size N] [--stride S | --lag L] [--device cpu] \
        [--backend pytorch|onnxruntime --onnx FILE] \
        [--max-gap FRAMES] [--max-cost COST] [--no-person-split] \
        [--plot-keypoints NAME|INDEX ...] [--fps FPS] \
        [--video VIDEO [--video-mode side_by_side|overlay]] \
        [--overwrite] [--partial-load] [--cfg-options k=v ...] [--debug]

CONFIG is a refiner config (``configs/*_climb.py``: a learned refiner with
its CHECKPOINT, or the Identity / a classical filter without one; with
``--backend onnxruntime`` the model is the graph ``--onnx FILE`` of
``tools/deployment/export_onnx.py`` instead, and no checkpoint is needed).
INPUT is
a ClimbAlong input ``.npz`` (``heatmaps`` + ``bboxes``), a keypoint ``.npz``
(``keypoints``, or ``det25`` as in the sports2d demo detections, or the
array named by ``--key``), a ``.npy`` (T, K, 2|3) or an MMPose-style
prediction ``.json`` (see ``mmclimb/apis/sequence_inputs.py``); positions
in image pixels, missing ones (NaN, frames without a detection) filled.

For one person's input (``.npz``, ``.npy``) it writes, atomically, to DIR
(STEM = INPUT's file name without extension); outputs of an earlier run
(these, or a prediction ``.json``'s below) are an error unless
``--overwrite`` is given (checked before anything is refined):

- ``STEM_refined.npz``: ``keypoints`` (T, K, 2) and ``keypoint_scores``
  (T, K) refined, ``raw_keypoints`` (T, K, 2) (NaN where missing) and
  ``raw_keypoint_scores`` (T, K) as read, ``missing`` (T, K) bool;
- ``STEM_refined.json``: per frame ``{"frame_id": t, "instances":
  [{"keypoints": [[x, y], ...], "keypoint_scores": [...]}]}``, MMPose's
  video prediction layout (readable again as INPUT). The two are one
  group (:func:`mmclimb.fileio.write_atomic_group`): both go to temporary
  files first, then the old JSON is removed, the npz renamed into place
  and the JSON renamed last, so a JSON on disk always belongs to the npz
  beside it; a kill leaves an npz without a JSON at worst, never a new
  npz beside an old JSON;
- with ``--plot-keypoints``: ``STEM_trajectories.png`` (x and y over time,
  raw vs refined);
- with ``--video``: ``STEM_<video-mode>.mp4`` (skeletons drawn on the
  video: raw and refined side by side, or overlaid).

A prediction ``.json`` may hold several people (instances) per frame: they
are tracked (:func:`mmclimb.apis.load_tracks`: the file's ``track_id``
values, else box IoU plus keypoint distance with at most ``--max-gap`` unseen
frames and ``--max-cost``) and refined each on their own
(:func:`mmclimb.apis.refine_tracks`); frames where a person is absent get
no output. Its outputs hold P tracks:

- ``STEM_refined.npz``: ``keypoints`` (T, P, K, 2) and ``keypoint_scores``
  (T, P, K) refined, NaN (score 0) where a person is absent;
  ``raw_keypoints``, ``raw_keypoint_scores`` and ``missing`` likewise;
  ``present`` (T, P) bool and ``track_ids`` (P,);
- ``STEM_refined.json``: per frame the instances of the people present,
  each with its ``track_id``;
- the pictures draw each track in its own colour.

With ``--lag L`` the frames go one by one through
:class:`~mmclimb.apis.StreamingRefiner` as in live use (frame t final once
frame t + L has arrived; L up to the refiner's window length - 1), instead of
the offline sliding windows (one person's input).

One person's input whose detections change person (a single-person
detector that lost one person and picked up another: the tracker below
starts a new track) is refined one person's run of frames at a time, said
in one line; ``--no-person-split`` refines it as one.

It prints the jitter, the mean acceleration ``|p[t+1] - 2 p[t] + p[t-1]|``
in px/frame^2 over the keypoints present in the input at all three frames,
before and after refining (over all tracks), and for one person's input how
far the refiner moved the keypoints (mean distance, and the share moved by
more than a tenth of the torso).

The checkpoint must fit the config's model exactly (``--partial-load``
loads what matches and logs the rest); a learned refiner without one warns
that it is untrained. A user's error is one line (``--debug`` or
``MMCLIMB_DEBUG=1``: the traceback).
"""
import argparse
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

from mmclimb.apis import (init_refiner, load_sequence, load_tracks,
                          refine_sequence, refine_tracks, stream_sequence)
from mmclimb.evaluation.functional import (displacement_scores,
                                           trajectory_jitter)
from mmclimb.fileio import json_writer, npz_writer, write_atomic_group
from mmclimb.structures import person_segments
from mmclimb.utils import (add_debug_argument, configure_allocator,
                           device_argument, run_main)


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
    parser.add_argument(
        '--lag',
        type=int,
        help='refine as a live stream with this lag in frames '
        '(StreamingRefiner; 0 = causal) instead of offline windows')
    parser.add_argument(
        '--device',
        default='cpu',
        type=device_argument,
        help='e.g. cpu, cuda:0 (checked against this machine)')
    parser.add_argument(
        '--precision',
        choices=['auto', 'fp32', 'bf16'],
        default='auto',
        help='auto (default): the config\'s inference_precision (bf16 for '
        'the heatmap refiners) where the device has bf16 units, else fp32')
    parser.add_argument(
        '--backend',
        choices=['pytorch', 'onnxruntime'],
        default='pytorch',
        help='run the model in PyTorch (default) or as the ONNX graph of '
        '--onnx in onnxruntime (CPU)')
    parser.add_argument(
        '--onnx',
        help='the graph for --backend onnxruntime '
        '(tools/deployment/export_onnx.py)')
    parser.add_argument(
        '--max-gap',
        type=int,
        default=10,
        help='.json input: frames a person may be unseen and keep their '
        'track, and the longest absence refined across (default 10; for one '
        'person\'s input: the longest absence before a new person)')
    parser.add_argument(
        '--max-cost',
        type=float,
        default=1.0,
        help='.json input without track ids: the tracker\'s largest '
        'matching cost, (1 - box IoU) + keypoint distance / person size '
        '(default 1.0)')
    parser.add_argument(
        '--no-person-split',
        action='store_true',
        help='one person\'s input: refine it as one run of frames even '
        'where the detections change person (by default each person\'s '
        'run is refined on its own)')
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
        '--overwrite',
        action='store_true',
        help='replace the outputs of an earlier run in --out-dir')
    parser.add_argument(
        '--partial-load',
        action='store_true',
        help='load only the checkpoint tensors whose name and shape fit the '
        'model (and print the rest) instead of refusing a checkpoint that '
        'does not fit')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value pairs')
    add_debug_argument(parser)
    args = parser.parse_args(argv)
    if args.lag is not None and (args.stride or args.batch_size):
        parser.error('--lag streams one window per frame: it takes no '
                     '--stride or --batch-size')
    return args


def output_files(args) -> list:
    """Every file this run writes, the npz + json pair first."""
    stem = osp.splitext(osp.basename(args.input))[0]
    names = [f'{stem}_refined.npz', f'{stem}_refined.json']
    if args.plot_keypoints:
        names.append(f'{stem}_trajectories.png')
    if args.video:
        names.append(f'{stem}_{args.video_mode}.mp4')
    return [osp.join(args.out_dir, name) for name in names]


def check_outputs(args) -> None:
    """Refuse to replace an earlier run's outputs without --overwrite."""
    existing = [path for path in output_files(args) if osp.lexists(path)]
    if existing and not args.overwrite:
        raise FileExistsError(
            f'{", ".join(existing)} already exist(s) (an earlier run\'s '
            'output); pass --overwrite to replace, or choose another '
            '--out-dir')


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


def track_predictions(tracks) -> list:
    """MMPose's video prediction layout: per frame the people present,
    each with its ``track_id``."""
    return [
        dict(frame_id=t, instances=[
            dict(keypoints=tracks.keypoints[t, p].tolist(),
                 keypoint_scores=tracks.scores[t, p].tolist(),
                 track_id=track_id)
            for p, track_id in enumerate(tracks.track_ids)
            if tracks.present[t, p]
        ]) for t in range(tracks.num_frames)
    ]


def write_pictures(args, stem, raw, refined, fps, track_ids=None):
    """The trajectory plot and the skeleton video, as asked for; one
    person's (T, K, 2) or several people's (T, P, K, 2) keypoints."""
    from mmclimb.visualization import (climbalong_skeleton,
                                       plot_trajectories,
                                       write_skeleton_video)
    style = climbalong_skeleton()
    if args.plot_keypoints:
        out_file = osp.join(args.out_dir, f'{stem}_trajectories.png')
        plot_trajectories(raw, refined, style.keypoint_names,
                          keypoint_indices(args.plot_keypoints,
                                           style.keypoint_names), out_file,
                          fps, track_ids)
        print(f'trajectory plot written to {out_file}')
    if args.video:
        out_file = osp.join(args.out_dir, f'{stem}_{args.video_mode}.mp4')
        write_skeleton_video(args.video, raw, refined, out_file,
                             style.skeleton, style.colors, args.video_mode)
        print(f'skeleton video written to {out_file}')


def report_person_changes(source, sequence, max_gap):
    """Say where one person's detections change person (each run of
    frames is then refined on its own)."""
    lengths = person_segments(sequence.keypoints, ~sequence.missing,
                              max_gap=max_gap)
    if len(lengths) > 1:
        starts = ', '.join(str(t) for t in np.cumsum(lengths)[:-1])
        print(f'{source}: the detections change person {len(lengths) - 1} '
              f'time(s) (new person from frame {starts}): each person\'s '
              'frames are refined on their own (--no-person-split: as one)')


def refine_one(args, refiner, npz_file, json_file):
    """One person's sequence: (T, K, 2) outputs."""
    settings = refiner.refine_settings
    sequence = load_sequence(
        args.input,
        key=args.key,
        num_keypoints=settings.num_keypoints,
        heatmap_size=settings.heatmap_size)
    split = not args.no_person_split
    if split:
        report_person_changes(args.input, sequence, args.max_gap)
    if args.lag is None:
        keypoints, scores = refine_sequence(
            refiner,
            sequence,
            batch_size=args.batch_size,
            stride=args.stride,
            progress=True,
            split_persons=split,
            max_gap=args.max_gap)
    else:
        keypoints, scores = stream_sequence(
            refiner,
            sequence,
            lag=args.lag,
            fps=args.fps or sequence.fps,
            split_persons=split,
            max_gap=args.max_gap)
    raw = sequence.raw_keypoints
    # the JSON last: it always sits beside the npz of its own run
    write_atomic_group([
        npz_writer(
            npz_file,
            keypoints=keypoints,
            keypoint_scores=scores,
            raw_keypoints=raw,
            raw_keypoint_scores=sequence.scores,
            missing=sequence.missing),
        json_writer(json_file, json_predictions(keypoints, scores))
    ])
    print(f'{sequence.num_frames} frames refined ({settings.precision}); '
          f'keypoints written to {npz_file} and {json_file}')
    present = ~sequence.missing
    print_jitter(sequence.keypoints, keypoints, present)
    moved = displacement_scores(keypoints, sequence.keypoints, present)
    print(f'moved: {moved["shift_px"]:.1f} px on average, '
          f'{moved["moved_pct"]:.1f}% of the keypoints by more than a tenth '
          'of the torso')
    return raw, keypoints, sequence.fps, None


def refine_people(args, refiner, npz_file, json_file):
    """Every person of a prediction ``.json``: (T, P, K, 2) outputs."""
    tracks = load_tracks(
        args.input,
        num_keypoints=refiner.refine_settings.num_keypoints,
        max_gap=args.max_gap,
        max_cost=args.max_cost)
    refined = refine_tracks(
        refiner,
        tracks,
        batch_size=args.batch_size,
        stride=args.stride,
        max_gap=args.max_gap,
        progress=True)
    write_atomic_group([
        npz_writer(
            npz_file,
            keypoints=refined.keypoints,
            keypoint_scores=refined.scores,
            raw_keypoints=tracks.keypoints,
            raw_keypoint_scores=tracks.scores,
            missing=tracks.missing,
            present=tracks.present,
            track_ids=np.asarray(tracks.track_ids)),
        json_writer(json_file, track_predictions(refined))
    ])
    print(f'{tracks.num_frames} frames, {tracks.num_tracks} tracks '
          f'refined; keypoints written to {npz_file} and {json_file}')
    # per track: (P, T, K, ...)
    present = (tracks.present[..., None] & ~tracks.missing).swapaxes(0, 1)
    print_jitter(tracks.keypoints.swapaxes(0, 1),
                 refined.keypoints.swapaxes(0, 1), present)
    return tracks.keypoints, refined.keypoints, tracks.fps, tracks.track_ids


def print_jitter(raw, refined, present):
    """The mean acceleration before and after, over present keypoints."""
    print('jitter (mean acceleration, px/frame^2, keypoints present in the '
          f'input): raw {trajectory_jitter(raw, present):.2f} -> '
          f'refined {trajectory_jitter(refined, present):.2f}')


def main(argv=None):
    args = parse_args(argv)
    configure_allocator()
    if (args.backend == 'onnxruntime') != (args.onnx is not None):
        raise SystemExit('--onnx FILE goes with --backend onnxruntime, '
                         'and --backend onnxruntime needs --onnx FILE')
    people = osp.splitext(args.input)[1].lower() == '.json'
    if people and args.lag is not None:
        raise SystemExit(
            '--lag streams one person\'s input (.npz or .npy); a prediction '
            '.json is refined per track offline (for live use, wrap '
            'StreamingRefiner in mmclimb.apis.MultiPersonStream)')
    check_outputs(args)
    refiner = init_refiner(
        args.config,
        args.checkpoint,
        args.device,
        args.cfg_options,
        args.backend,
        args.onnx,
        precision=args.precision,
        partial_load=args.partial_load)
    stem = osp.splitext(osp.basename(args.input))[0]
    npz_file, json_file = output_files(args)[:2]
    refine = refine_people if people else refine_one
    raw, refined, fps, track_ids = refine(args, refiner, npz_file, json_file)
    if args.plot_keypoints or args.video:
        write_pictures(args, stem, raw, refined, args.fps or fps, track_ids)


if __name__ == '__main__':
    sys.exit(run_main(main))
