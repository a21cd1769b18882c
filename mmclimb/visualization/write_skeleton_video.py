"""A video with the raw and the refined skeletons drawn on it, as mp4.

Symbols: T frames, K keypoints, L skeleton links, H x W frame size.

Contract:
    Inputs are the source video and two (T, K, 2) arrays of (x, y) image
    pixels (raw detector and refiner); a NaN position is not drawn, nor any
    link that ends on it (a frame without positions is written unchanged).
    Links and colours come from the dataset's meta-info
    (:func:`climbalong_skeleton`); colours are RGB as there. Several
    people, (T, P, K, 2) arrays (NaN where a person is absent), are drawn
    each in their track's colour (:func:`track_colors`) instead of the
    link colours.

    - ``mode='side_by_side'``: each output frame is two copies of the input
      frame side by side, raw on the left and refined on the right, both in
      the dataset's colours and labelled: (H, 2W).
    - ``mode='overlay'``: both on one frame, (H, W): raw as thin grey links
      with hollow points, refined as thick links in the dataset's colours
      with filled points, and a legend in the top-left corner.
    Labels sit on a black box in the top-left corner.

    The output has the input's fps and exactly T frames, written with
    OpenCV's ``mp4v`` codec to a temporary file in the destination's folder
    and renamed onto it when complete. T must equal the video's frame count;
    with ``allow_shorter=True`` keypoints for only the first T frames are
    accepted and only those frames are written.
"""
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np
from mmengine.utils import ProgressBar

from mmclimb.fileio import atomic_path
from .check_tracks import check_tracks
from .track_colors import track_colors
from .video_file import VideoFile, VideoReadError

__all__ = ['write_skeleton_video']

MODES = ('side_by_side', 'overlay')
RAW_OVERLAY_BGR = (200, 200, 200)


def _check_inputs(raw, refined, skeleton, colors, mode):
    """Raise on mismatched shapes, links outside K or an unknown mode."""
    if mode not in MODES:
        raise ValueError(f'mode must be one of {MODES}, got {mode!r}')
    check_tracks(raw, refined)
    if len(colors) != len(skeleton):
        raise ValueError(f'{len(skeleton)} skeleton links but '
                         f'{len(colors)} colours')
    num_keypoints = raw.shape[-2]
    for link in skeleton:
        if not all(0 <= i < num_keypoints for i in link):
            raise ValueError(f'skeleton link {tuple(link)} is outside the '
                             f'{num_keypoints} keypoints')


def _check_frame_count(video: VideoFile, num_frames: int,
                       allow_shorter: bool) -> None:
    """Raise unless the keypoints cover the video's frames."""
    if num_frames == video.num_frames or (allow_shorter
                                          and num_frames < video.num_frames):
        return
    diff = num_frames - video.num_frames
    more_or_fewer = 'more' if diff > 0 else 'fewer'
    raise VideoReadError(
        f'{video.path} has {video.num_frames} frames but the keypoints have '
        f'{num_frames} ({abs(diff)} {more_or_fewer}); pass keypoints for '
        'every frame' +
        ('' if diff > 0 else ' (or allow_shorter=True to draw only the '
         'first ones)'))


def _bgr(colors) -> list:
    """RGB colours (n, 3) as OpenCV's BGR tuples of ints."""
    return [tuple(int(c) for c in np.asarray(color)[::-1]) for color in colors]


class _SkeletonPainter:
    """Draws one frame's skeleton with a fixed style."""

    def __init__(self, skeleton, colors, frame_size: Tuple[int, int]):
        self.skeleton = [tuple(int(i) for i in link) for link in skeleton]
        self.colors_bgr = _bgr(colors)
        self.thickness = max(1, int(round(min(frame_size) / 300)))

    @staticmethod
    def _point(keypoints: np.ndarray, index: int):
        x, y = keypoints[index]
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        return int(round(x)), int(round(y))

    def draw(self,
             image: np.ndarray,
             keypoints: np.ndarray,
             uniform_bgr: Optional[tuple] = None,
             thin: bool = False):
        """Draw links and points of ``keypoints`` (K, 2) onto ``image`` in
        place: in the link colours, or all in ``uniform_bgr``."""
        width = self.thickness if thin else 2 * self.thickness
        for (i, j), color in zip(self.skeleton, self.colors_bgr):
            start, end = self._point(keypoints, i), self._point(keypoints, j)
            if start is None or end is None:
                continue
            cv2.line(image, start, end, uniform_bgr or color, width,
                     cv2.LINE_AA)
        for index in range(len(keypoints)):
            point = self._point(keypoints, index)
            if point is None:
                continue
            if thin:
                cv2.circle(image, point, 2 * width, uniform_bgr
                           or (255, 255, 255), 1, cv2.LINE_AA)
            else:
                cv2.circle(image, point, width + 1, (255, 255, 255), -1,
                           cv2.LINE_AA)

    def label(self, image: np.ndarray, lines: Sequence[str]):
        """Write text lines in the top-left corner, white on a dark box."""
        font, scale = cv2.FONT_HERSHEY_SIMPLEX, 0.4 * self.thickness
        weight = max(1, self.thickness - 1)
        sizes = [cv2.getTextSize(text, font, scale, weight) for text in lines]
        line_height = max(h + baseline for (_, h), baseline in sizes) + 4
        width = max(w for (w, _), _ in sizes)
        margin = 4 * self.thickness
        cv2.rectangle(image, (0, 0),
                      (width + 2 * margin, line_height * len(lines) + margin),
                      (0, 0, 0), -1)
        for row, text in enumerate(lines):
            origin = (margin, line_height * (row + 1))
            cv2.putText(image, text, origin, font, scale, (255, 255, 255),
                        weight, cv2.LINE_AA)


def _draw(painter: _SkeletonPainter, image: np.ndarray,
          keypoints: np.ndarray, people_bgr: Optional[list], **kwargs):
    """Draw one person (K, 2), or P people (P, K, 2) each in their
    colour of ``people_bgr`` unless ``uniform_bgr`` is given."""
    if keypoints.ndim == 2:
        painter.draw(image, keypoints, **kwargs)
        return
    uniform = kwargs.pop('uniform_bgr', None)
    for person, bgr in zip(keypoints, people_bgr):
        painter.draw(image, person, uniform_bgr=uniform or bgr, **kwargs)


def _compose(painter: _SkeletonPainter,
             frame: np.ndarray,
             raw: np.ndarray,
             refined: np.ndarray,
             mode: str,
             people_bgr: Optional[list] = None) -> np.ndarray:
    """One output frame from an input frame and its two skeletons (one
    person's (K, 2) or several people's (P, K, 2))."""
    if mode == 'overlay':
        out = frame.copy()
        _draw(painter, out, raw, people_bgr, uniform_bgr=RAW_OVERLAY_BGR,
              thin=True)
        _draw(painter, out, refined, people_bgr)
        painter.label(out, ['raw: thin grey', 'refined: coloured'])
        return out
    left, right = frame.copy(), frame.copy()
    _draw(painter, left, raw, people_bgr)
    _draw(painter, right, refined, people_bgr)
    painter.label(left, ['raw'])
    painter.label(right, ['refined'])
    return np.concatenate([left, right], axis=1)


def write_skeleton_video(video_file: str,
                         raw: np.ndarray,
                         refined: np.ndarray,
                         out_file: str,
                         skeleton: Sequence[Tuple[int, int]],
                         colors: Sequence[Sequence[int]],
                         mode: str = 'side_by_side',
                         allow_shorter: bool = False,
                         show_progress: bool = True) -> None:
    """Draw raw and refined skeletons on a video and write it as mp4.

    Args:
        video_file (str): The source video.
        raw (np.ndarray): (T, K, 2) raw positions, image pixels; NaN = none;
            or (T, P, K, 2) for P people, each drawn in its track colour.
        refined (np.ndarray): The refined positions, shaped as ``raw``.
        out_file (str): The ``.mp4`` to write.
        skeleton (Sequence[tuple[int, int]]): L links as keypoint indices.
        colors (Sequence): (L, 3) RGB link colours.
        mode (str): ``'side_by_side'`` or ``'overlay'``.
            Defaults to ``'side_by_side'``.
        allow_shorter (bool): Accept T smaller than the video's frame count
            and write only the first T frames. Defaults to False.
        show_progress (bool): Show a progress bar. Defaults to True.

    Raises:
        FileNotFoundError: ``video_file`` does not exist.
        VideoReadError: It cannot be opened, or T does not match its frame
            count (the message says by how much).
    """
    raw = np.asarray(raw, dtype=np.float64)
    refined = np.asarray(refined, dtype=np.float64)
    _check_inputs(raw, refined, skeleton, colors, mode)
    video = VideoFile(video_file)
    num_frames = raw.shape[0]
    _check_frame_count(video, num_frames, allow_shorter)

    painter = _SkeletonPainter(skeleton, colors, (video.width, video.height))
    people_bgr = _bgr(track_colors(raw.shape[1])) if raw.ndim == 4 else None
    panels = 2 if mode == 'side_by_side' else 1
    size = (video.width * panels, video.height)
    progress = ProgressBar(num_frames) if show_progress else None
    with atomic_path(out_file, suffix='.tmp.mp4') as tmp:
        writer = cv2.VideoWriter(tmp, cv2.VideoWriter_fourcc(*'mp4v'),
                                 video.fps, size)
        if not writer.isOpened():
            raise OSError(f'{out_file}: OpenCV cannot write an mp4v video '
                          'there')
        try:
            for t, frame in enumerate(video.frames(num_frames)):
                writer.write(_compose(painter, frame, raw[t], refined[t],
                                      mode, people_bgr))
                if progress is not None:
                    progress.update()
        finally:
            writer.release()
