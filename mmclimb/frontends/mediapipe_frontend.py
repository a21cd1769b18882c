"""Keypoints of any video from MediaPipe Pose (BlazePose), offline.

Symbols: T frames, W x H the frame size in image pixels, K = 25 ClimbAlong
keypoints, 33 BlazePose landmarks.

Contract:
    mediapipe 0.10.21 needs numpy<2 and protobuf<5, so it lives in its own
    env, ``<repo>/.venv-mediapipe`` (``make mediapipe-setup``, pinned in
    ``requirements/mediapipe.txt``). :class:`MediaPipeFrontend` runs the
    standalone worker ``tools/frontends/mediapipe_pose_worker.py`` with that
    env's python in a subprocess, draws its progress and loads its output.
    The worker runs ``mediapipe.solutions.pose.Pose`` in video mode
    (``static_image_mode=False``) with ``model_complexity=1``, the full
    landmark model the wheel ships: nothing is downloaded.

    :meth:`MediaPipeFrontend.run` returns:

    - ``det33`` (T, 33, 3) float32: ``[x, y, visibility]``, x and y in image
      pixels, visibility in 0..1; all NaN in frames without a detection;
    - ``det25`` (T, K, 3) float32: ``det33[:, idx25_in_33]``, the ClimbAlong
      keypoints (``mmclimb.datasets`` mapping ``'mediapipe33'``);
    - ``idx25_in_33`` (K,) int64: ``[0, 7, 8, 11, 12, ..., 32]``;
    - ``fps`` () float64 and ``image_wh`` (2,) int64 ``[W, H]``;
    - ``detector`` () str: ``'mediapipe==0.10.21 model_complexity=1'``.

    ``mmclimb.apis.load_sequence`` reads such a file through ``det25`` (or
    ``keypoints``, which ``tools/video_to_climbalong.py`` adds), with the
    visibility as the score and NaN frames filled in time.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional, TextIO

import numpy as np

from mmclimb.datasets import get_keypoint_mapping

__all__ = ['MediaPipeFrontend', 'MediaPipeFrontendError']

REPO = Path(__file__).resolve().parents[2]
PYTHON_ENV_VAR = 'MMCLIMB_MEDIAPIPE_PYTHON'
DEFAULT_PYTHON = REPO / '.venv-mediapipe' / 'bin' / 'python'
DEFAULT_WORKER = REPO / 'tools' / 'frontends' / 'mediapipe_pose_worker.py'
OUTPUT_KEYS = ('det33', 'det25', 'idx25_in_33', 'fps', 'image_wh', 'detector')


class MediaPipeFrontendError(RuntimeError):
    """The MediaPipe env is missing, or its worker failed."""


class _LineProgress:
    """A one-line progress bar: redrawn in place on a terminal; elsewhere
    (logs, pipes) only the final line is printed."""

    def __init__(self, stream: TextIO = None, width: int = 30):
        self.stream = stream or sys.stdout
        self.width = width
        self.tty = bool(getattr(self.stream, 'isatty', lambda: False)())
        self.start = time.perf_counter()
        self.line = ''

    def _render(self, done: int, total: int) -> str:
        seconds = time.perf_counter() - self.start
        rate = done / seconds if seconds > 0 else 0.0
        if total > 0:
            filled = int(self.width * min(done, total) / total)
            bar = '>' * filled + ' ' * (self.width - filled)
            return (f'[{bar}] {done}/{total} frames, {rate:.1f} fps, '
                    f'{seconds:.0f} s')
        return f'{done} frames, {rate:.1f} fps, {seconds:.0f} s'

    def update(self, done: int, total: int) -> None:
        self.line = self._render(done, total)
        if self.tty:
            self.stream.write('\r' + self.line)
            self.stream.flush()

    def finish(self) -> None:
        if self.line:
            self.stream.write(('\r' if self.tty else '') + self.line + '\n')
            self.stream.flush()


class MediaPipeFrontend:
    """MediaPipe Pose keypoints of a video, from the separate MediaPipe env.

    Args:
        python (str, optional): The MediaPipe env's interpreter. Defaults to
            ``$MMCLIMB_MEDIAPIPE_PYTHON`` if set, else
            ``<repo>/.venv-mediapipe/bin/python``. A bare name is looked up
            on ``PATH``.
        worker (str, optional): The worker script. Defaults to
            ``<repo>/tools/frontends/mediapipe_pose_worker.py``.

    Raises:
        MediaPipeFrontendError: If the interpreter or the worker is missing;
            the message says to run ``make mediapipe-setup``.
    """

    model_complexity = 1

    def __init__(self,
                 python: Optional[str] = None,
                 worker: Optional[str] = None):
        if python is None:
            python = os.environ.get(PYTHON_ENV_VAR) or str(DEFAULT_PYTHON)
        python = str(python)
        if os.sep not in python:  # a bare name such as ``python3``
            python = shutil.which(python) or python
        self.python = python
        self.worker = str(worker or DEFAULT_WORKER)
        if not os.access(self.python, os.X_OK) or os.path.isdir(self.python):
            raise MediaPipeFrontendError(
                f'no MediaPipe env interpreter at {self.python} (set by '
                f'${PYTHON_ENV_VAR} or the default {DEFAULT_PYTHON}): run '
                f'`make mediapipe-setup` in {REPO} to create .venv-mediapipe')
        if not os.path.isfile(self.worker):
            raise MediaPipeFrontendError(
                f'the MediaPipe worker script {self.worker} is missing')
        self.idx25_in_33 = get_keypoint_mapping('mediapipe33').source_indices

    def run(self,
            video: str,
            max_frames: Optional[int] = None,
            show_progress: bool = True,
            stream: Optional[TextIO] = None) -> Dict[str, np.ndarray]:
        """Run MediaPipe Pose on the frames of ``video``.

        Args:
            video (str): The video file (anything OpenCV reads).
            max_frames (int, optional): Only the first N frames.
            show_progress (bool): Draw a one-line progress bar (redrawn in
                place on a terminal, a single final line otherwise).
                Defaults to True.
            stream (TextIO, optional): Where the bar goes. Defaults to
                ``sys.stdout``.

        Returns:
            dict: The arrays of the module's contract: ``det33``, ``det25``,
            ``idx25_in_33``, ``fps``, ``image_wh``, ``detector``.

        Raises:
            FileNotFoundError: If ``video`` does not exist.
            MediaPipeFrontendError: If the worker fails (with the tail of its
                stderr) or writes arrays off the contract.
        """
        if not os.path.isfile(video):
            raise FileNotFoundError(f'no video at {video}')
        with tempfile.TemporaryDirectory(prefix='mmclimb_mediapipe_') as tmp:
            out = os.path.join(tmp, 'keypoints.npz')
            command = [
                self.python, self.worker,
                str(video), out, '--model-complexity',
                str(self.model_complexity)
            ]
            if max_frames is not None:
                command += ['--max-frames', str(int(max_frames))]
            self._run_worker(command, os.path.join(tmp, 'stderr.txt'),
                             _LineProgress(stream) if show_progress else None)
            with np.load(out, allow_pickle=False) as npz:
                arrays = {key: npz[key] for key in npz.files}
        self._check(arrays, video)
        arrays['detector'] = np.array(str(arrays['detector']))
        return arrays

    def _run_worker(self, command, stderr_path, bar) -> None:
        """Run the worker, feeding its PROGRESS lines to ``bar``."""
        with open(stderr_path, 'w+') as stderr:
            proc = subprocess.Popen(command,
                                    stdout=subprocess.PIPE,
                                    stderr=stderr,
                                    text=True)
            for line in proc.stdout:
                fields = line.split()
                if bar is not None and len(fields) == 3 and \
                        fields[0] == 'PROGRESS':
                    bar.update(int(fields[1]), int(fields[2]))
            proc.wait()
            if bar is not None:
                bar.finish()
            if proc.returncode != 0:
                stderr.seek(0)
                tail = ''.join(stderr.readlines()[-20:])
                raise MediaPipeFrontendError(
                    f'the MediaPipe worker exited {proc.returncode}: '
                    f'{" ".join(command)}\n--- its stderr (tail) ---\n{tail}')

    def _check(self, arrays: Dict[str, np.ndarray], video: str) -> None:
        """Check the worker's output against the contract."""

        def bad(message):
            raise MediaPipeFrontendError(
                f'the MediaPipe worker wrote bad output for {video}: '
                f'{message}')

        missing = [key for key in OUTPUT_KEYS if key not in arrays]
        if missing:
            bad(f'no {", ".join(missing)}')
        det33, det25 = arrays['det33'], arrays['det25']
        if det33.ndim != 3 or det33.shape[1:] != (33, 3):
            bad(f'det33 is {det33.shape}, expected (T, 33, 3)')
        if det25.shape != (len(det33), 25, 3):
            bad(f'det25 is {det25.shape}, expected ({len(det33)}, 25, 3)')
        if not np.array_equal(arrays['idx25_in_33'], self.idx25_in_33) or \
                not np.array_equal(det25, det33[:, self.idx25_in_33],
                                   equal_nan=True):
            bad('det25 is not det33 at the mediapipe33 -> ClimbAlong indices')
