"""A refiner's per-frame inputs for a whole sequence.

Symbols: T frames, K keypoints, H x W heatmap size, (x, y) image pixels,
(u, v) heatmap coordinates of a frame's box
(:mod:`mmclimb.structures.box_heatmap_coords`).

Contract:
    - :func:`keypoint_boxes` gives keypoint-only input its person boxes
      (T, 4): per frame the keypoints' extent expanded by ``margin`` (10%)
      around its centre. Not made square by default: the refiners learned
      from detector boxes that follow the person's shape (each heatmap is
      its box resized to a square), and on the sports2d detections square
      boxes moved DeciWatch's output 63 px from the input on average
      against 47 px with shaped boxes.
    - :class:`RefinerInputs` gives the model input of any frames, as the
      test pipeline of the refiner's config would:

      * coordinate refiners: (n, 2K) float32, ``(u, v) / (W - 1, H - 1)``;
        from ClimbAlong heatmaps through the config's ``NormalizeHeatmaps``
        and ``DecodeHeatmaps``, from keypoints by projecting them into the
        boxes. Computed once for all frames (small).
      * heatmap refiners: (n, K, H, W) float32 through the config's
        ``NormalizeHeatmaps``; the detector's heatmaps of ClimbAlong input
        (memory-mapped, read per block), or Gaussians rendered from the
        keypoints by ``RenderGaussianHeatmaps`` (MMPose's MSRA codec).
        Computed per block of frames, so a long sequence never holds all
        its heatmaps in memory.
    - :meth:`RefinerInputs.windows` gives the input of whole windows and
      each frame's box (n, L, 4). For refiners with a ``window_box``
      setting (a ``WindowPersonBox`` in their pipeline) every window gets
      one box, :func:`~mmclimb.structures.window_boxes` of its keypoints
      (filled points excluded), and its input is the keypoints (image
      pixels; a ClimbAlong input's decoded positions) projected into it,
      rendered as Gaussians for heatmap refiners; otherwise the per-frame
      inputs above in their frames' boxes. A coordinate refiner with
      ``scores`` gets the detector's scores of those frames after the
      coordinates, (n, L, 3K), clipped to [0, 1] (0 where a point was
      filled; ones for input without scores).
"""
from typing import Optional, Tuple

import numpy as np
import torch
from mmpose.registry import TRANSFORMS
from torch import Tensor

from mmclimb.structures import image_to_heatmap, window_boxes
from .keypoint_sequence import KeypointSequence
from .refiner_settings import RefinerSettings

__all__ = ['RefinerInputs', 'keypoint_boxes', 'sequence_boxes']


def keypoint_boxes(keypoints: np.ndarray,
                   margin: float = 0.1,
                   square: bool = False) -> np.ndarray:
    """Person boxes around each frame's keypoints.

    Args:
        keypoints (np.ndarray): (T, K, 2) finite image pixels.
        margin (float): Relative expansion of width and height.
            Defaults to 0.1.
        square (bool): Make each box square (its longer side) before the
            expansion. Defaults to False.

    Returns:
        np.ndarray: (T, 4) float32 x1, y1, x2, y2 (sides at least
        ``1 + margin`` px).
    """
    low, high = keypoints.min(axis=1), keypoints.max(axis=1)  # (T, 2)
    centre = (low + high) / 2
    side = np.maximum(high - low, 1.0)
    if square:
        side = side.max(axis=1, keepdims=True).repeat(2, axis=1)
    half = side * (1 + margin) / 2
    return np.concatenate([centre - half, centre + half],
                          axis=1).astype(np.float32)


def sequence_boxes(sequence: KeypointSequence) -> np.ndarray:
    """The detector's boxes, else :func:`keypoint_boxes`, (T, 4)."""
    if sequence.bboxes is not None:
        return np.asarray(sequence.bboxes, dtype=np.float32)
    return keypoint_boxes(sequence.keypoints)


class RefinerInputs:
    """Model inputs of a sequence's frames; see the module docstring.

    Args:
        settings (RefinerSettings): The refiner's input contract.
        sequence (KeypointSequence): The detections.
        bboxes (np.ndarray): (T, 4) the boxes of the heatmap frames.
        block (int): Frames per read of detector heatmaps. Defaults to 256.
    """

    def __init__(self,
                 settings: RefinerSettings,
                 sequence: KeypointSequence,
                 bboxes: np.ndarray,
                 block: int = 256):
        self.settings = settings
        self.sequence = sequence
        self.bboxes = bboxes
        self.block = block
        self._normalize = self._build(settings.normalize)
        self._coords: Optional[Tensor] = None
        if settings.input_kind == 'coordinates':
            if settings.window_box is None:
                self._coords = self._all_coordinates()
        else:
            self._render = TRANSFORMS.build(
                dict(
                    type='RenderGaussianHeatmaps',
                    sigma=settings.render_sigma,
                    subpixel=settings.render_subpixel,
                    keypoints_key='input_keypoints',
                    visible_key='input_visible',
                    out_key='heatmaps',
                    weights_key=None))

    @staticmethod
    def _build(cfg: Optional[dict]):
        return None if cfg is None else TRANSFORMS.build(dict(cfg))

    @property
    def _scale(self) -> np.ndarray:
        width, height = self.settings.heatmap_size
        return np.array([width - 1, height - 1], dtype=np.float32)

    def _heatmap_keypoints(self, frame_ids: np.ndarray) -> np.ndarray:
        """The keypoints of some frames in their boxes' heatmap frame."""
        return image_to_heatmap(self.sequence.keypoints[frame_ids],
                                self.bboxes[frame_ids],
                                self.settings.heatmap_size)

    def _detector_heatmaps(self, start: int, stop: int) -> dict:
        """Normalised detector heatmaps of frames ``start:stop``."""
        results = dict(
            heatmaps=np.asarray(
                self.sequence.heatmaps[start:stop], dtype=np.float32),
            heatmap_size=self.settings.heatmap_size)
        if self._normalize is not None:
            results = self._normalize(results)
        return results

    def _all_coordinates(self) -> Tensor:
        """(T, 2K) normalised coordinates of every frame."""
        num_frames = self.sequence.num_frames
        if self.sequence.heatmaps is None:
            coords = self._heatmap_keypoints(np.arange(num_frames))
            coords = coords / self._scale
        else:
            decode = self._build(self.settings.decode or dict(
                type='DecodeHeatmaps'))
            blocks = []
            for start in range(0, num_frames, self.block):
                results = decode(
                    self._detector_heatmaps(start, start + self.block))
                blocks.append(results[f'{decode.out_key}_norm'])
            coords = np.concatenate(blocks)
            # keypoints the detector lacks: their filled positions
            missing = self.sequence.missing
            if missing.any():
                filled = self._heatmap_keypoints(np.arange(num_frames))
                coords[missing] = (filled / self._scale)[missing]
        return torch.from_numpy(
            np.ascontiguousarray(coords, dtype=np.float32)).flatten(1)

    def _render_heatmaps(self, coords: np.ndarray) -> np.ndarray:
        """(n, K, H, W) normalised Gaussians at heatmap coordinates
        (n, K, 2)."""
        results = dict(
            input_keypoints=coords,
            input_visible=np.ones(coords.shape[:2], np.float32),
            heatmap_size=self.settings.heatmap_size)
        results = self._render(results)
        if self._normalize is not None:
            results = self._normalize(results)
        return results['heatmaps']

    def _heatmaps(self, frame_ids: np.ndarray) -> np.ndarray:
        """(n, K, H, W) normalised heatmaps of some frames."""
        if self.sequence.heatmaps is not None:
            start, stop = int(frame_ids.min()), int(frame_ids.max()) + 1
            block = self._detector_heatmaps(start, stop)['heatmaps']
            return block[frame_ids - start]
        return self._render_heatmaps(self._heatmap_keypoints(frame_ids))

    def frames(self, frame_ids: Tensor) -> Tensor:
        """The model input of some frames.

        Args:
            frame_ids (Tensor): (n,) int64 frame indices (repeats allowed).

        Returns:
            Tensor: (n, 2K) or (n, K, H, W) float32.
        """
        if self._coords is not None:
            return self._coords[frame_ids]
        heatmaps = self._heatmaps(frame_ids.numpy())
        return torch.from_numpy(np.ascontiguousarray(heatmaps))

    def _window_boxes(self, index: np.ndarray) -> np.ndarray:
        """(n, L, 4) one box per window, repeated for its frames."""
        boxes = window_boxes(self.sequence.keypoints[index],
                             ~self.sequence.missing[index],
                             **self.settings.window_box)
        return np.repeat(boxes[:, None], index.shape[1], axis=1)

    def windows(self, index: Tensor
                ) -> Tuple[Tensor, np.ndarray, Optional[np.ndarray]]:
        """The model input of whole windows and their frames' boxes.

        Args:
            index (Tensor): (n, L) int64 frame indices of n windows.

        Returns:
            tuple: inputs (n, L, 2K) (with ``scores`` (n, L, 3K)) or
            (n, L, K, H, W) float32, boxes
            (n, L, 4) float32 image pixels, and with a window box the
            input keypoints in its heatmap frame (n, L, K, 2), else None.
        """
        if self.settings.window_box is None:
            low, high = int(index.min()), int(index.max()) + 1
            block = self.frames(torch.arange(low, high))[index - low]
            return (self._with_scores(block, index.numpy()),
                    self.bboxes[index.numpy()], None)
        frames = index.numpy()
        boxes = self._window_boxes(frames)
        coords = image_to_heatmap(self.sequence.keypoints[frames], boxes,
                                  self.settings.heatmap_size)
        if self.settings.input_kind == 'coordinates':
            inputs = (coords / self._scale).reshape(*frames.shape, -1)
        else:
            heatmaps = self._render_heatmaps(
                coords.reshape(-1, *coords.shape[2:]))
            inputs = heatmaps.reshape(*frames.shape, *heatmaps.shape[1:])
        inputs = torch.from_numpy(np.ascontiguousarray(inputs,
                                                       dtype=np.float32))
        return (self._with_scores(inputs, frames), boxes.astype(np.float32),
                coords)

    def _with_scores(self, inputs: Tensor, frames: np.ndarray) -> Tensor:
        """(n, L, 2K) coordinates -> (n, L, 3K) with the frames' scores,
        for a refiner with ``scores``; else ``inputs`` unchanged."""
        if not self.settings.scores or self.settings.input_kind != \
                'coordinates':
            return inputs
        scores = np.clip(np.asarray(self.sequence.scores,
                                    dtype=np.float32)[frames], 0.0, 1.0)
        return torch.cat([inputs, torch.from_numpy(
            np.ascontiguousarray(scores)).to(inputs)], dim=-1)
