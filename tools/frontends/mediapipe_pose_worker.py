"""MediaPipe Pose (BlazePose) on every frame of a video, as keypoint arrays.

    .venv-mediapipe/bin/python tools/frontends/mediapipe_pose_worker.py \
        VIDEO OUT.npz [--max-frames N] [--model-complexity 1] \
        [--progress-every 10]

A standalone script for the separate MediaPipe env (``make mediapipe-setup``:
mediapipe 0.10.21 needs numpy<2): it imports only the standard library,
numpy, cv2 and mediapipe, never mmclimb or torch. mmclimb runs it through
``mmclimb.frontends.MediaPipeFrontend``.

Symbols: T frames read, W x H the frame size in pixels.

It reads the frames with OpenCV (BGR, converted to RGB), runs the legacy
``mediapipe.solutions.pose.Pose`` in video mode (``static_image_mode=False``,
the default smoothing and confidences), one person per frame, and writes
OUT.npz atomically (a temporary file beside it, then ``os.replace``) with:

- ``det33`` (T, 33, 3) float32: the 33 BlazePose landmarks, ``[x, y,
  visibility]`` with x, y in image pixels (the normalised landmark times W
  and H) and visibility in 0..1; all NaN in frames without a detection;
- ``det25`` (T, 25, 3) float32: ``det33[:, idx25_in_33]``, the 25 ClimbAlong
  keypoints;
- ``idx25_in_33`` (25,) int64: ``[0, 7, 8, 11, 12, ..., 32]``;
- ``fps`` () float64: the video's frame rate;
- ``image_wh`` (2,) int64: ``[W, H]``;
- ``detector`` () str: ``'mediapipe==<version> model_complexity=<c>'``.

Only the models the mediapipe wheel ships are used: ``model_complexity=1``
(``pose_landmark_full.tflite``). The lite (0) and heavy (2) models would be
downloaded by mediapipe at first use; this script refuses them unless they
are already in the package.

Progress goes to stdout as machine-readable lines ``PROGRESS done total``
(``total`` is the expected frame count, 0 when unknown) every
``--progress-every`` frames and after the last, then ``DONE frames detected
seconds`` (seconds of reading and inference). Errors go to stderr with a
non-zero exit status.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

# The 25 ClimbAlong keypoints as BlazePose-33 indices (nose, the ears, then
# shoulders to feet), in ClimbAlong order.
IDX25_IN_33 = [0, 7, 8] + list(range(11, 33))
LANDMARK_MODELS = {
    0: 'pose_landmark_lite.tflite',
    1: 'pose_landmark_full.tflite',
    2: 'pose_landmark_heavy.tflite',
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='MediaPipe Pose keypoints of every frame of a video')
    parser.add_argument('video', help='the video file')
    parser.add_argument('out', help='output .npz')
    parser.add_argument('--max-frames',
                        type=int,
                        help='only the first N frames')
    parser.add_argument('--model-complexity',
                        type=int,
                        default=1,
                        choices=sorted(LANDMARK_MODELS),
                        help='BlazePose landmark model (only 1, the full '
                        'model, ships in the mediapipe wheel)')
    parser.add_argument('--progress-every',
                        type=int,
                        default=10,
                        help='frames between PROGRESS lines')
    args = parser.parse_args(argv)
    if args.max_frames is not None and args.max_frames < 1:
        parser.error('--max-frames must be at least 1')
    if args.progress_every < 1:
        parser.error('--progress-every must be at least 1')
    return args


def fail(message):
    print(f'mediapipe_pose_worker: error: {message}', file=sys.stderr)
    sys.exit(1)


def check_model_shipped(mp, complexity):
    """Refuse a landmark model that mediapipe would download."""
    path = (Path(mp.__file__).parent / 'modules' / 'pose_landmark' /
            LANDMARK_MODELS[complexity])
    if not path.is_file():
        fail(f'model_complexity={complexity} needs {path}, which the '
             f'mediapipe {mp.__version__} wheel does not ship (mediapipe '
             'would download it; this worker never downloads): use '
             '--model-complexity 1')


def save_npz_atomic(path, **arrays):
    """``np.savez`` into a temporary file beside ``path``, then rename."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder,
                               prefix=f'.{os.path.basename(path)}.',
                               suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as file:
            np.savez(file, **arrays)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def progress(done, total):
    print(f'PROGRESS {done} {total}', flush=True)


def main(argv=None):
    args = parse_args(argv)
    import mediapipe as mp
    check_model_shipped(mp, args.model_complexity)

    capture = cv2.VideoCapture(args.video)
    if not capture.isOpened():
        fail(f'OpenCV cannot open the video {args.video!r}')
    fps = float(capture.get(cv2.CAP_PROP_FPS))
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    total = max(int(capture.get(cv2.CAP_PROP_FRAME_COUNT)), 0)
    if args.max_frames is not None:
        total = min(total, args.max_frames) if total else args.max_frames
    progress(0, total)

    frames = []
    start = time.perf_counter()
    with mp.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=args.model_complexity) as pose:
        while args.max_frames is None or len(frames) < args.max_frames:
            ok, bgr = capture.read()
            if not ok:
                break
            height, width = bgr.shape[:2]
            result = pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            if result.pose_landmarks is None:
                frames.append(np.full((33, 3), np.nan, np.float32))
            else:
                frames.append(
                    np.array([[p.x * width, p.y * height, p.visibility]
                              for p in result.pose_landmarks.landmark],
                             dtype=np.float32))
            if len(frames) % args.progress_every == 0:
                progress(len(frames), total)
    capture.release()
    seconds = time.perf_counter() - start
    if not frames:
        fail(f'no frame could be read from {args.video!r}')
    if len(frames) % args.progress_every:
        progress(len(frames), total)

    det33 = np.stack(frames)
    save_npz_atomic(args.out,
                    det33=det33,
                    det25=det33[:, IDX25_IN_33],
                    idx25_in_33=np.array(IDX25_IN_33, np.int64),
                    fps=np.float64(fps),
                    image_wh=np.array([width, height], np.int64),
                    detector=np.array(
                        f'mediapipe=={mp.__version__} '
                        f'model_complexity={args.model_complexity}'))
    detected = int((~np.isnan(det33).any(axis=(1, 2))).sum())
    print(f'DONE {len(frames)} {detected} {seconds:.3f}', flush=True)


if __name__ == '__main__':
    main()
