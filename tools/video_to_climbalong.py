"""Refiner input from any video: an MMPose top-down model or MediaPipe Pose.

    python tools/video_to_climbalong.py VIDEO POSE_CONFIG [POSE_CHECKPOINT] \
        --out OUT.npz [--boxes BOXES] [--device cpu] [--batch-size 8] \
        [--max-frames N] [--keypoint-mapping auto|NAME] \
        [--cfg-options k=v ...]
    python tools/video_to_climbalong.py VIDEO --detector mediapipe \
        --out OUT.npz [--max-frames N]

``--detector mmpose`` (the default) runs the model (an MMPose
``TopdownPoseEstimator`` config with a heatmap head; without POSE_CHECKPOINT
its weights are random and a warning says so) on one person box per frame
(``--boxes``: ``.npy`` (T, 4) or (4,), ``.npz`` with ``bboxes``, or ``.json``
list of ``[x1, y1, x2, y2]``; default: the whole frame), resamples its
heatmaps to the refiner's 56 x 56 grid over each box, maps its keypoints to
the 25 ClimbAlong ones and writes OUT.npz in the layout of a ClimbAlong
``input/<video>.npz`` (``bboxes`` (T, 4), ``heatmaps`` (T, 25, 56, 56), plus
``keypoints_available`` (25,), ``fps``, ``image_wh``), atomically. See
``mmclimb/frontends`` and ``docs/climbalong_format.md``.

``--detector mediapipe`` runs MediaPipe Pose (BlazePose, the full model the
mediapipe wheel ships; nothing is downloaded) in video mode from the separate
env ``.venv-mediapipe`` (``make mediapipe-setup``) and writes a keypoint
OUT.npz atomically: ``keypoints`` = ``det25`` (T, 25, 3) float32 ``[x_px,
y_px, visibility]`` in the ClimbAlong order, ``det33`` (T, 33, 3) the 33
BlazePose landmarks, both NaN in frames without a detection,
``idx25_in_33`` (25,), ``fps``, ``image_wh`` (2,) ``[W, H]`` and
``detector``. ``tools/refine.py`` and ``mmclimb.apis.load_sequence`` take it
as input. See ``mmclimb.frontends.MediaPipeFrontend``.
"""
import argparse
import sys
import time

import numpy as np
from mmengine.config import DictAction

from mmclimb.datasets import KEYPOINT_MAPPINGS
from mmclimb.fileio import save_npz_atomic
from mmclimb.frontends import MediaPipeFrontend, TopdownHeatmapFrontend
from mmclimb.utils import add_debug_argument, device_argument, run_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Refiner input from a video: ClimbAlong heatmaps from an '
        'MMPose top-down heatmap model, or keypoints from MediaPipe Pose')
    parser.add_argument('video', help='the video file')
    parser.add_argument(
        'pose_config',
        nargs='?',
        help='MMPose top-down config (required with --detector mmpose)')
    parser.add_argument(
        'pose_checkpoint',
        nargs='?',
        help='its checkpoint (omitted: random weights, for testing only)')
    parser.add_argument(
        '--detector',
        default='mmpose',
        choices=['mmpose', 'mediapipe'],
        help="'mmpose': the MMPose model of POSE_CONFIG, heatmaps; "
        "'mediapipe': MediaPipe Pose from .venv-mediapipe (make "
        'mediapipe-setup), keypoints')
    parser.add_argument('--out', required=True, help='output .npz')
    parser.add_argument(
        '--boxes',
        help='mmpose: person boxes per frame (.npy, .npz with "bboxes", '
        '.json); default: the whole frame')
    parser.add_argument('--device',
                        default='cpu',
                        type=device_argument,
                        help='mmpose: torch device (checked against this '
                        'machine)')
    parser.add_argument('--batch-size',
                        type=int,
                        default=8,
                        help='mmpose: frames per model call')
    parser.add_argument('--max-frames',
                        type=int,
                        help='only the first N frames')
    parser.add_argument(
        '--keypoint-mapping',
        default='auto',
        choices=['auto'] + sorted(KEYPOINT_MAPPINGS),
        help="mmpose: model keypoints -> ClimbAlong-25 ('auto': by the "
        "model's keypoint count)")
    parser.add_argument('--cfg-options',
                        nargs='+',
                        action=DictAction,
                        help='mmpose: override settings of the pose config, '
                        'key=value')
    add_debug_argument(parser)
    args = parser.parse_args(argv)
    if args.max_frames is not None and args.max_frames < 1:
        parser.error('--max-frames must be at least 1')
    if args.detector == 'mmpose' and args.pose_config is None:
        parser.error('--detector mmpose (the default) needs POSE_CONFIG, an '
                     'MMPose top-down config; or use --detector mediapipe')
    if args.detector == 'mediapipe':
        unused = [
            name for name, given in [
                ('POSE_CONFIG', args.pose_config is not None),
                ('--boxes', args.boxes is not None),
                ('--keypoint-mapping', args.keypoint_mapping != 'auto'),
                ('--cfg-options', args.cfg_options is not None),
            ] if given
        ]
        if unused:
            parser.error(f'--detector mediapipe takes no {", ".join(unused)} '
                         '(those are for --detector mmpose)')
    return args


def run_mmpose(args):
    frontend = TopdownHeatmapFrontend(args.pose_config,
                                      args.pose_checkpoint,
                                      device=args.device,
                                      keypoint_mapping=args.keypoint_mapping,
                                      cfg_options=args.cfg_options)
    start = time.time()
    arrays = frontend.run(args.video,
                          boxes_file=args.boxes,
                          max_frames=args.max_frames,
                          batch_size=args.batch_size)
    save_npz_atomic(args.out, **arrays)
    num_frames = len(arrays['bboxes'])
    print(f'\n{args.video}: {num_frames} frames in '
          f'{time.time() - start:.1f} s, {frontend.mapping.name} -> '
          f'ClimbAlong ({int(arrays["keypoints_available"].sum())} of 25 '
          f'keypoints from the model) -> {args.out}')


def run_mediapipe(args):
    frontend = MediaPipeFrontend()
    start = time.time()
    arrays = frontend.run(args.video, max_frames=args.max_frames)
    seconds = time.time() - start
    save_npz_atomic(args.out, keypoints=arrays['det25'], **arrays)
    num_frames = len(arrays['det25'])
    undetected = int(np.isnan(arrays['det33']).any(axis=(1, 2)).sum())
    print(f'{args.video}: {num_frames} frames ({undetected} without a '
          f'detection) in {seconds:.1f} s ({num_frames / seconds:.1f} fps), '
          f'{arrays["detector"]} -> ClimbAlong-25 keypoints -> {args.out}')


def main(argv=None):
    args = parse_args(argv)
    if args.detector == 'mediapipe':
        run_mediapipe(args)
    else:
        run_mmpose(args)


if __name__ == '__main__':
    sys.exit(run_main(main))
