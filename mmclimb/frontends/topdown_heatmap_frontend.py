"""Refiner input from any video with an MMPose top-down heatmap model.

Symbols: T frames, B frames in a batch, Ks keypoints of the model, K = 25
ClimbAlong keypoints, h x w the model's heatmap size, H x W = 56 x 56 the
refiner's heatmap size, box = x1, y1, x2, y2 in image pixels.

Contract:
    :class:`TopdownHeatmapFrontend` builds an MMPose ``TopdownPoseEstimator``
    whose head outputs heatmaps (``HeatmapHead`` and the like, with a
    heatmap codec such as ``MSRAHeatmap`` or ``UDPHeatmap``) from an MMPose
    config, loads a checkpoint (without one the weights stay random and a
    warning says so; nothing is ever downloaded: the backbone's
    ``init_cfg`` is not run). For each frame and its person box (from the
    caller, or the whole frame ``0, 0, width, height``):

    1. the frame is cropped around the box by the config's test pipeline
       (MMPose's ``GetBBoxCenterScale``, padding 1.25, and
       ``TopdownAffine``), as ``mmpose.apis.inference_topdown`` does; the
       model's raw heatmaps (B, Ks, h, w) are taken from its head (no flip
       test);
    2. they are resampled bilinearly onto the H x W grid that covers the box
       resized to a square, the ClimbAlong convention
       (``docs/climbalong_format.md``): grid pixel (u, v) sits at image
       pixel ``x = x1 + (u + 0.5) * (x2 - x1) / W`` (and likewise y), which
       maps into the model's heatmap through the crop's centre, scale and
       the codec's ``scale_factor``. The crop contains the box, so every
       grid point falls inside the model's heatmap (the border is repeated
       otherwise);
    3. the Ks channels are mapped onto the K ClimbAlong keypoints with
       :mod:`mmclimb.datasets.keypoint_mappings` (FACTS 1.1: ``'coco17'``,
       ``'penn_action13'``, ``'mediapipe33'``, ``'climbalong25'``, or a
       ``{target: source}`` dict); keypoints the model lacks
       get a flat channel of ``missing_value`` (default 0.01, a hundredth of
       an MSRA model's peak of 1: after the refiner's sum normalisation a
       uniform map that carries no position) and are marked 0 in
       ``keypoints_available``.

    :meth:`TopdownHeatmapFrontend.run` returns the arrays of a ClimbAlong
    ``input/<video>.npz``: ``bboxes`` (T, 4) float32 and ``heatmaps``
    (T, K, H, W) float32, plus ``keypoints_available`` (K,) uint8,
    ``fps`` () float64 and ``image_wh`` (2,) int64.
"""
import itertools
import warnings
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from mmengine.model.utils import revert_sync_batchnorm
from mmengine.registry import DefaultScope
from mmengine.runner import load_checkpoint
from mmengine.utils import ProgressBar

from mmclimb.datasets import (KEYPOINT_MAPPINGS, KeypointMapping,
                              get_keypoint_mapping)
from mmclimb.structures import heatmap_to_image
from mmclimb.visualization import VideoFile
from .person_boxes import load_person_boxes

__all__ = ['TopdownHeatmapFrontend']


class TopdownHeatmapFrontend:
    """Per-frame heatmaps of an MMPose top-down model, as refiner input.

    Args:
        config (str | Config): An MMPose config of a
            ``TopdownPoseEstimator`` with a heatmap head.
        checkpoint (str, optional): Its weights. ``None`` keeps random
            weights (with a warning): only for testing the pipeline.
        device (str): Torch device. Defaults to ``'cpu'``.
        keypoint_mapping (str | dict | KeypointMapping): ``'auto'`` picks
            the named mapping whose source has the model's keypoint count
            (17: ``'coco17'``, 13: ``'penn_action13'``, 33:
            ``'mediapipe33'``, 25: ``'climbalong25'``); otherwise anything
            ``mmclimb.datasets.get_keypoint_mapping`` accepts.
            Defaults to ``'auto'``.
        heatmap_size (tuple[int, int]): The refiner's (W, H).
            Defaults to (56, 56).
        missing_value (float): Value of the flat channels of keypoints the
            model lacks. Defaults to 0.01.
        cfg_options (dict, optional): Overrides merged into the config.
    """

    def __init__(self,
                 config: Union[str, Config],
                 checkpoint: Optional[str] = None,
                 device: str = 'cpu',
                 keypoint_mapping: Union[str, dict, KeypointMapping] = 'auto',
                 heatmap_size: Tuple[int, int] = (56, 56),
                 missing_value: float = 0.01,
                 cfg_options: Optional[dict] = None):
        cfg = config if isinstance(config, Config) else Config.fromfile(config)
        if cfg_options:
            cfg.merge_from_dict(cfg_options)
        self.cfg = cfg
        self.config_name = cfg.filename or 'the config'
        self.device = torch.device(device)
        self.heatmap_size = tuple(int(s) for s in heatmap_size)
        self.missing_value = float(missing_value)
        scope = cfg.get('default_scope', 'mmpose') or 'mmpose'
        with DefaultScope.overwrite_default_scope(scope):
            self.model = self._build_model(cfg, checkpoint)
            self.pipeline = Compose(self._test_pipeline(cfg))
        self.codec = self._heatmap_codec()
        self.mapping = self._resolve_mapping(keypoint_mapping)

    # ------------------------------------------------------------------
    # set-up
    # ------------------------------------------------------------------
    def _build_model(self, cfg: Config, checkpoint: Optional[str]):
        """The pose estimator in eval mode on ``self.device``."""
        from mmpose.models.pose_estimators import TopdownPoseEstimator
        from mmpose.registry import MODELS
        model = MODELS.build(cfg.model)
        if not isinstance(model, TopdownPoseEstimator):
            raise TypeError(f'{self.config_name}: model: expected an MMPose '
                            'TopdownPoseEstimator, got '
                            f'{type(model).__name__}')
        model = revert_sync_batchnorm(model)
        if checkpoint is None:
            warnings.warn(
                f'{self.config_name}: no checkpoint given, the model '
                'keeps random weights: its heatmaps carry no pose '
                'information (only for testing the pipeline)')
        else:
            load_checkpoint(model, checkpoint, map_location='cpu')
        return model.to(self.device).eval()

    def _heatmap_codec(self):
        """The head's codec; it must map heatmaps to the model input."""
        codec = getattr(self.model.head, 'decoder', None)
        if codec is None or not all(
                hasattr(codec, key)
                for key in ('input_size', 'heatmap_size', 'scale_factor')):
            raise TypeError(
                f'{self.config_name}: model.head: expected a heatmap head '
                'with a heatmap codec (input_size, heatmap_size, '
                f'scale_factor), got {type(self.model.head).__name__} with '
                f'decoder {type(codec).__name__}')
        return codec

    def _test_pipeline(self, cfg: Config) -> List[dict]:
        """The config's test pipeline, or MMPose's standard top-down one."""
        dataloader = cfg.get('test_dataloader') or {}
        pipeline = dataloader.get('dataset', {}).get('pipeline')
        if pipeline:
            return pipeline
        input_size = cfg.model.head.decoder['input_size']
        return [
            dict(type='GetBBoxCenterScale'),
            dict(type='TopdownAffine', input_size=input_size),
            dict(type='PackPoseInputs')
        ]

    def _resolve_mapping(self, mapping) -> KeypointMapping:
        """The keypoint mapping for this model's keypoint count."""
        num_source = int(self.model.head.out_channels)
        if isinstance(mapping, str) and mapping == 'auto':
            by_count = {
                size: name
                for name, (size, _) in KEYPOINT_MAPPINGS.items()
            }
            if num_source not in by_count:
                raise ValueError(
                    f'{self.config_name}: the model has {num_source} '
                    'keypoints; no named mapping to ClimbAlong has that '
                    f'many (known: {sorted(KEYPOINT_MAPPINGS)}); pass '
                    'keypoint_mapping')
            mapping = by_count[num_source]
        mapping = get_keypoint_mapping(mapping, num_source)
        if not mapping.accepts(num_source):
            raise ValueError(f'keypoint mapping {mapping.name!r} expects '
                             f'{mapping.expected_source} keypoints, the '
                             f'model has {num_source}')
        return mapping

    def _map_channels(self, heatmaps: np.ndarray) -> np.ndarray:
        """(B, Ks, H, W) model channels -> (B, K, H, W) ClimbAlong ones,
        flat ``missing_value`` where the model lacks the keypoint."""
        present = self.mapping.present
        index = np.where(present, self.mapping.source_indices, 0)
        mapped = heatmaps[:, index]
        mapped[:, ~present] = self.missing_value
        return mapped

    # ------------------------------------------------------------------
    # per batch
    # ------------------------------------------------------------------
    @torch.no_grad()
    def _model_heatmaps(self, frames: Sequence[np.ndarray],
                        bboxes: np.ndarray):
        """Raw model heatmaps (B, Ks, h, w) and the crops' metainfo."""
        samples = [
            self.pipeline(
                dict(img=frame,
                     bbox=box[None].astype(np.float32),
                     bbox_score=np.ones(1, dtype=np.float32)))
            for frame, box in zip(frames, bboxes)
        ]
        data = self.model.data_preprocessor(pseudo_collate(samples), False)
        heatmaps = self.model.head.forward(
            self.model.extract_feat(data['inputs']))
        if isinstance(heatmaps, (list, tuple)):  # multi-stage heads
            heatmaps = heatmaps[-1]
        if not (isinstance(heatmaps, torch.Tensor) and heatmaps.ndim == 4):
            raise TypeError(f'{self.config_name}: the head must output '
                            'heatmaps (B, K, h, w)')
        return heatmaps.float(), [s.metainfo for s in data['data_samples']]

    def _sampling_grid(self, bboxes: np.ndarray,
                       metainfo: List[dict]) -> torch.Tensor:
        """Where the refiner's H x W grid of each box falls in the model's
        heatmap, as ``grid_sample`` coordinates (B, H, W, 2) in [-1, 1]."""
        width, height = self.heatmap_size
        u, v = np.meshgrid(np.arange(width), np.arange(height))
        grid = np.stack([u, v], axis=-1).reshape(1, -1, 2).astype(np.float64)
        image_xy = heatmap_to_image(grid,
                                    bboxes.astype(np.float64)[:, None],
                                    self.heatmap_size)  # (B, 1, H*W, 2)
        center = np.stack([m['input_center'] for m in metainfo])
        scale = np.stack([m['input_scale'] for m in metainfo])
        center = center.reshape(-1, 1, 1, 2)
        scale = scale.reshape(-1, 1, 1, 2)
        input_size = np.asarray(self.codec.input_size, dtype=np.float64)
        model_xy = ((image_xy - center + 0.5 * scale) * input_size / scale /
                    np.asarray(self.codec.scale_factor, dtype=np.float64))
        model_size = np.asarray(self.codec.heatmap_size, dtype=np.float64)
        normalised = 2 * model_xy / (model_size - 1) - 1
        return torch.as_tensor(normalised.reshape(-1, height, width, 2),
                               dtype=torch.float32,
                               device=self.device)

    def heatmaps(self, frames: Sequence[np.ndarray],
                 bboxes: np.ndarray) -> np.ndarray:
        """Refiner heatmaps of some frames and their boxes.

        Args:
            frames (Sequence[np.ndarray]): B frames (H_img, W_img, 3) BGR.
            bboxes (np.ndarray): (B, 4) x1, y1, x2, y2 image pixels.

        Returns:
            np.ndarray: (B, K, H, W) float32 on the boxes' square grids.
        """
        model_heatmaps, metainfo = self._model_heatmaps(frames, bboxes)
        resampled = F.grid_sample(model_heatmaps,
                                  self._sampling_grid(bboxes, metainfo),
                                  mode='bilinear',
                                  padding_mode='border',
                                  align_corners=True)
        return self._map_channels(resampled.cpu().numpy()).astype(np.float32)

    # ------------------------------------------------------------------
    # a whole video
    # ------------------------------------------------------------------
    def run(self,
            video_file: str,
            boxes_file: Optional[str] = None,
            max_frames: Optional[int] = None,
            batch_size: int = 8,
            show_progress: bool = True) -> Dict[str, np.ndarray]:
        """Refiner input for the frames of a video.

        Args:
            video_file (str): The video.
            boxes_file (str, optional): Person boxes (see
                :func:`load_person_boxes`); ``None`` uses the whole frame.
            max_frames (int, optional): Only the first frames.
            batch_size (int): Frames per model call. Defaults to 8.
            show_progress (bool): Show a progress bar. Defaults to True.

        Returns:
            dict[str, np.ndarray]: ``bboxes`` (T, 4), ``heatmaps``
            (T, K, H, W), ``keypoints_available`` (K,), ``fps``,
            ``image_wh`` (see the module doc).
        """
        if batch_size < 1:
            raise ValueError(f'batch_size must be >= 1, got {batch_size}')
        video = VideoFile(video_file)
        num_frames = video.num_frames
        if max_frames is not None:
            num_frames = min(num_frames, int(max_frames))
        if num_frames < 1:
            raise ValueError(f'{video_file}: no frames to process')
        if boxes_file is None:
            bboxes = np.tile(np.float32([0, 0, video.width, video.height]),
                             (num_frames, 1))
        else:
            bboxes = load_person_boxes(boxes_file, video.num_frames,
                                       num_frames)

        heatmaps = None  # (T, K, H, W), allocated once the shape is known
        frames = video.frames(num_frames)
        progress = ProgressBar(num_frames) if show_progress else None
        for start in range(0, num_frames, batch_size):
            batch = list(itertools.islice(frames, batch_size))
            stop = start + len(batch)
            out = self.heatmaps(batch, bboxes[start:stop])
            if heatmaps is None:
                heatmaps = np.empty((num_frames, *out.shape[1:]), out.dtype)
            heatmaps[start:stop] = out
            if progress is not None:
                progress.update(len(batch))
        return dict(bboxes=bboxes,
                    heatmaps=heatmaps,
                    keypoints_available=self.mapping.present.astype(np.uint8),
                    fps=np.float64(video.fps),
                    image_wh=np.array([video.width, video.height],
                                      dtype=np.int64))
