"""Per-frame transforms run once per video instead of once per window.

Symbols: N frames of a video, n frames of a chunk, T frames per window,
K keypoints, H x W heatmaps.

With ``seq_step=1`` every frame is in T windows, so per-frame work in a
window pipeline (normalising and decoding heatmaps for a coordinate
refiner) is done T times per frame, and each window reads T full heatmap
stacks to keep 2K numbers per frame. A *frame pipeline* does that work once:

- its transforms see chunks of a video's frames as if they were a window:
  ``heatmaps`` (n, K, H, W) float32, ``heatmap_size`` (W, H) and ``video``;
- every key they add whose first dimension has the chunk's n frames (e.g.
  ``DecodeHeatmaps``' ``input_keypoints`` (n, K, 2), ``_scores`` and
  ``_norm``) is kept for the whole video, (N, ...);
- the heatmaps themselves are not kept (the frames' outputs are what the
  windows need, a small fraction of the heatmaps' size).

Only transforms that treat each frame on its own belong in a frame
pipeline (``NormalizeHeatmaps``, ``DecodeHeatmaps``); the window pipeline
then starts from the kept keys.
"""
from typing import Callable, Dict, Sequence

import numpy as np
from mmengine.dataset import Compose

from .climbalong_video import ClimbAlongVideo

__all__ = ['FramePipeline']


class FramePipeline:
    """Run per-frame transforms over whole videos, chunk by chunk.

    Args:
        transforms (Sequence[dict | callable]): The per-frame transforms.
        chunk_frames (int): n, frames per call (bounds the float32 heatmaps
            in memory: 256 frames of 25 x 56 x 56 are 80 MB). Defaults to
            256.
    """

    def __init__(self,
                 transforms: Sequence[Dict | Callable],
                 chunk_frames: int = 256):
        if chunk_frames < 1:
            raise ValueError(f'chunk_frames must be >= 1, got {chunk_frames}')
        self.transforms = Compose(list(transforms))
        self.chunk_frames = chunk_frames

    def _chunk_outputs(self, video: ClimbAlongVideo, start: int,
                       stop: int) -> Dict[str, np.ndarray]:
        """The per-frame keys the transforms add for frames [start, stop)."""
        results = dict(
            heatmaps=video.heatmaps(np.arange(start, stop)),
            heatmap_size=video.heatmap_size,
            video=video.name)
        given = set(results)
        results = self.transforms(results)
        if results is None:
            raise ValueError(f'{video.name}: the frame pipeline '
                             f'{self.transforms} dropped frames {start}-'
                             f'{stop - 1} (a frame pipeline must not filter)')
        return {
            key: value
            for key, value in results.items() if key not in given
            and isinstance(value, np.ndarray) and value.ndim > 0
            and value.shape[0] == stop - start
        }

    def __call__(self, video: ClimbAlongVideo) -> Dict[str, np.ndarray]:
        """Per-frame outputs for every frame of ``video``.

        Returns:
            dict[str, np.ndarray]: Each added key, (N, ...).
        """
        chunks = [
            self._chunk_outputs(video, start,
                                min(start + self.chunk_frames,
                                    video.num_frames))
            for start in range(0, video.num_frames, self.chunk_frames)
        ]
        keys = set(chunks[0])
        if not keys:
            raise ValueError(
                f'{video.name}: the frame pipeline {self.transforms} adds no '
                'per-frame key (e.g. DecodeHeatmaps\' input_keypoints)')
        return {key: np.concatenate([c[key] for c in chunks]) for key in keys}

    def __repr__(self) -> str:
        return (f'{type(self).__name__}({self.transforms}, '
                f'chunk_frames={self.chunk_frames})')

