"""Refiner input from any video with an MMPose top-down heatmap model.

    python tools/video_to_climbalong.py VIDEO POSE_CONFIG [POSE_CHECKPOINT] \
        --out OUT.npz [--boxes BOXES] [--device cpu] [--batch-size 8] \
        [--max-frames N] [--keypoint-mapping auto|NAME] \
        [--cfg-options k=v ...]

Runs the model (an MMPose ``TopdownPoseEstimator`` config with a heatmap
head; without POSE_CHECKPOINT its weights are random and a warning says so)
on one person box per frame (``--boxes``: ``.npy`` (T, 4) or (4,), ``.npz``
with ``bboxes``, or ``.json`` list of ``[x1, y1, x2, y2]``; default: the
whole frame), resamples its heatmaps to the refiner's 56 x 56 grid over
each box, maps its keypoints to the 25 ClimbAlong ones and writes OUT.npz in
the layout of a ClimbAlong ``input/<video>.npz`` (``bboxes`` (T, 4),
``heatmaps`` (T, 25, 56, 56), plus ``keypoints_available`` (25,), ``fps``,
``image_wh``), atomically. See ``mmclimb/frontends`` and
``docs/climbalong_format.md``.
"""
import argparse
import time

from mmengine.config import DictAction

from mmclimb.datasets import KEYPOINT_MAPPINGS
from mmclimb.fileio import save_npz_atomic
from mmclimb.frontends import TopdownHeatmapFrontend


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Refiner input (ClimbAlong layout) from a video with an '
        'MMPose top-down heatmap model')
    parser.add_argument('video', help='the video file')
    parser.add_argument('pose_config', help='MMPose top-down config')
    parser.add_argument(
        'pose_checkpoint',
        nargs='?',
        help='its checkpoint (omitted: random weights, for testing only)')
    parser.add_argument('--out',
                        required=True,
                        help='output .npz (ClimbAlong input layout)')
    parser.add_argument(
        '--boxes',
        help='person boxes per frame (.npy, .npz with "bboxes", .json); '
        'default: the whole frame')
    parser.add_argument('--device', default='cpu', help='torch device')
    parser.add_argument('--batch-size',
                        type=int,
                        default=8,
                        help='frames per model call')
    parser.add_argument('--max-frames',
                        type=int,
                        help='only the first N frames')
    parser.add_argument(
        '--keypoint-mapping',
        default='auto',
        choices=['auto'] + sorted(KEYPOINT_MAPPINGS),
        help="model keypoints -> ClimbAlong-25 ('auto': by the model's "
        'keypoint count)')
    parser.add_argument('--cfg-options',
                        nargs='+',
                        action=DictAction,
                        help='override settings of the pose config, key=value')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
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


if __name__ == '__main__':
    main()
