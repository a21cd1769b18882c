"""A video read frame by frame with OpenCV, with clear errors.

Contract:
    :class:`VideoFile` opens ``path`` with ``cv2.VideoCapture`` and exposes
    ``fps``, ``width``, ``height`` and ``num_frames`` (the frame count the
    container declares). :meth:`VideoFile.frames` yields (H, W, 3) uint8 BGR
    frames in order and raises :class:`VideoReadError`, naming the file,
    when the video ends before the frames asked for.
"""
import os.path as osp
from typing import Iterator, Optional

import cv2
import numpy as np

__all__ = ['VideoFile', 'VideoReadError']


class VideoReadError(ValueError):
    """A video that cannot be opened or has fewer frames than needed."""


class VideoFile:
    """A video file opened for reading.

    Args:
        path (str): The video file.

    Attributes:
        fps (float): Frames per second (30.0 if the file does not say).
        width (int), height (int): Frame size in pixels.
        num_frames (int): The frame count the container declares.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        VideoReadError: OpenCV cannot open it as a video.
    """

    def __init__(self, path: str):
        self.path = str(path)
        if not osp.isfile(self.path):
            raise FileNotFoundError(f'{self.path}: no such video file')
        capture = cv2.VideoCapture(self.path)
        if not capture.isOpened():
            raise VideoReadError(
                f'{self.path}: OpenCV cannot open it as a video')
        self.fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
        self.width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        self.height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.num_frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        capture.release()

    def frames(self, num_frames: Optional[int] = None) -> Iterator[np.ndarray]:
        """Yield the first ``num_frames`` frames (all if ``None``).

        Args:
            num_frames (int, optional): Frames to read. Defaults to
                ``self.num_frames``.

        Yields:
            np.ndarray: (H, W, 3) uint8 BGR frames.

        Raises:
            VideoReadError: The video ends earlier.
        """
        wanted = self.num_frames if num_frames is None else num_frames
        capture = cv2.VideoCapture(self.path)
        try:
            for index in range(wanted):
                ok, frame = capture.read()
                if not ok:
                    raise VideoReadError(
                        f'{self.path}: the video ended after {index} frames, '
                        f'{wanted} were needed')
                yield frame
        finally:
            capture.release()
