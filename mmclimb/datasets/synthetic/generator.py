"""The synthetic ClimbAlong-format dataset: one seed, a complete data root.

Symbols: N videos, T frames of a video, K = 25 keypoints, H x W = 56 x 56
heatmaps.

Contract:
    :class:`SyntheticClimbGenerator` simulates N videos of a climber in a
    1080 x 1920 portrait frame at 30 fps (:class:`.ClimberMotion`,
    :class:`.FollowCamera`), annotates them (:class:`.SimulatedAnnotator`)
    and runs a simulated detector on them (:class:`.SimulatedDetector`).
    :meth:`SyntheticClimbGenerator.write` produces the layout of
    ``docs/climbalong_format.md``::

        <root>/input/climb_000.npz   bboxes (T, 4) float32,
                                     heatmaps (T, K, H, W) float16
        <root>/target/climb_000.npz  keypoints (T, 1, K, 3) float32
        <root>/splits.json           the thesis split (seq_len 5, step 1)
        <root>/meta.json             seed, preset, parameters, video lengths
                                     (the manifest --overwrite reads)

    Randomness: ``np.random.default_rng(seed)`` draws the video lengths and
    spawns one independent generator per video, which spawns one per
    component (motion, camera, annotation, detector). The same seed and
    size give byte-identical arrays.
"""
import json
import os
import os.path as osp
import time
from typing import Dict, Optional, Tuple, Union

import numpy as np
from tqdm import tqdm

from mmclimb.fileio import save_json_atomic, save_npz_atomic

from ..splits import save_split, thesis_split
from .climber_body import ClimberBody
from .climber_motion import ClimberMotion
from .follow_camera import FollowCamera
from .simulated_annotator import SimulatedAnnotator
from .simulated_detector import SimulatedDetector
from .size_preset import PRESETS, SizePreset

__all__ = ['SyntheticClimbGenerator']

GENERATOR_VERSION = 1


class SyntheticClimbGenerator:
    """Generates a synthetic ClimbAlong-format dataset.

    Args:
        seed (int): Seed of everything. Defaults to 0.
        preset (str | SizePreset): ``'tiny'``, ``'demo'`` or a
            :class:`.SizePreset`. Defaults to ``'demo'``.
        num_videos (int, optional): Overrides the preset's number of
            videos.
        frame_range (tuple[int, int], optional): Overrides the preset's
            inclusive range of video lengths.
        height_fraction (tuple[float, float]): Range of the climber's
            standing height as a fraction of the frame height (camera
            distance). Defaults to (0.25, 0.7).
        speed_range (tuple[float, float]): Range of the climbers' speed
            factor. Defaults to (0.7, 1.4).
        frame_size (tuple[int, int]): (W, H) of the frame.
            Defaults to (1080, 1920).
        fps (float): Frames per second. Defaults to 30.
        motion (dict, optional): Extra keyword arguments of
            :class:`.ClimberMotion`.
        annotator (SimulatedAnnotator, optional): Annotation model.
        detector (SimulatedDetector, optional): Detector model.
        seq_len (int): Window length of the split file. Defaults to 5.
        seq_step (int): Window stride of the split file. Defaults to 1.
        train_fraction (float): Training fraction of the thesis split.
            Defaults to 0.6.
    """

    def __init__(self,
                 seed: int = 0,
                 preset: Union[str, SizePreset] = 'demo',
                 num_videos: Optional[int] = None,
                 frame_range: Optional[Tuple[int, int]] = None,
                 height_fraction: Tuple[float, float] = (0.25, 0.7),
                 speed_range: Tuple[float, float] = (0.7, 1.4),
                 frame_size: Tuple[int, int] = (1080, 1920),
                 fps: float = 30.0,
                 motion: Optional[dict] = None,
                 annotator: Optional[SimulatedAnnotator] = None,
                 detector: Optional[SimulatedDetector] = None,
                 seq_len: int = 5,
                 seq_step: int = 1,
                 train_fraction: float = 0.6):
        self.seed = int(seed)
        self.preset = self._resolve_preset(preset).override(
            num_videos, frame_range)
        self.height_fraction = tuple(map(float, height_fraction))
        self.speed_range = tuple(map(float, speed_range))
        self.frame_size = (int(frame_size[0]), int(frame_size[1]))
        self.fps = float(fps)
        self.motion = dict(motion or {})
        self.annotator = annotator or SimulatedAnnotator(self.frame_size)
        self.detector = detector or SimulatedDetector()
        self.seq_len = int(seq_len)
        self.seq_step = int(seq_step)
        self.train_fraction = float(train_fraction)
        rng = np.random.default_rng(self.seed)
        lengths = self.preset.video_lengths(rng)
        self.video_lengths: Dict[str, int] = {
            f'climb_{index:03d}': int(length)
            for index, length in enumerate(lengths)
        }
        self._video_seeds = rng.bit_generator.seed_seq.spawn(len(lengths))

    @staticmethod
    def _resolve_preset(preset: Union[str, SizePreset]) -> SizePreset:
        """The :class:`.SizePreset` of a name or preset."""
        if isinstance(preset, SizePreset):
            return preset
        if preset not in PRESETS:
            raise ValueError(f'unknown preset {preset!r}; choose one of '
                             f'{sorted(PRESETS)}')
        return PRESETS[preset]

    @property
    def video_names(self):
        """Video names in order, ``climb_000``, ``climb_001``, ..."""
        return list(self.video_lengths)

    def generate_video(self, index: int) -> dict:
        """Simulate one video.

        Args:
            index (int): Video index in ``0..N-1``.

        Returns:
            dict: ``bboxes`` (T, 4) float32, ``heatmaps`` (T, K, H, W)
            float16, ``keypoints`` (T, 1, K, 3) float32 and ``info`` (the
            video's sampled parameters, JSON-able).
        """
        num_frames = self.video_lengths[self.video_names[index]]
        # a fresh copy: spawning children advances a SeedSequence's counter
        seed = self._video_seeds[index]
        rng = np.random.default_rng(
            np.random.SeedSequence(seed.entropy, spawn_key=seed.spawn_key))
        motion_rng, camera_rng, annotation_rng, detector_rng = rng.spawn(4)
        body = ClimberBody.sample(motion_rng)
        speed = motion_rng.uniform(*self.speed_range)
        motion = ClimberMotion(body, speed=speed, fps=self.fps, **self.motion)
        world = motion.keypoints(motion_rng, num_frames)
        camera = FollowCamera.sample(camera_rng, self.height_fraction,
                                     self.frame_size, self.fps)
        image = camera.project(camera_rng, world)
        keypoints = self.annotator.annotate(annotation_rng, image)
        bboxes, heatmaps = self.detector.detect(detector_rng, image)
        info = dict(
            frames=num_frames,
            speed=float(speed),
            body=body.lengths,
            camera=camera.config())
        return dict(
            bboxes=bboxes, heatmaps=heatmaps, keypoints=keypoints, info=info)

    def config(self) -> dict:
        """The generator's parameters as plain JSON-able values."""
        return dict(
            version=GENERATOR_VERSION,
            seed=self.seed,
            preset=self.preset.to_dict(),
            height_fraction=list(self.height_fraction),
            speed_range=list(self.speed_range),
            frame_size=list(self.frame_size),
            fps=self.fps,
            motion=self.motion,
            annotator=self.annotator.config(),
            detector=self.detector.config(),
            split=dict(
                seq_len=self.seq_len,
                seq_step=self.seq_step,
                train_fraction=self.train_fraction))

    def write(self,
              out_dir: str,
              overwrite: bool = False,
              progress: bool = False) -> dict:
        """Generate every video and write the dataset to ``out_dir``.

        Args:
            out_dir (str): The data root to create.
            overwrite (bool): Allow a non-empty ``out_dir``. The videos an
                earlier run of the generator wrote there (those its
                ``meta.json`` lists) and this run does not write are
                removed; no other file is touched. Defaults to False.
            progress (bool): Show a progress bar. Defaults to False.

        Returns:
            dict: ``out_dir``, ``num_videos``, ``total_frames``, ``bytes``
            (size of the written files), ``seconds`` and ``videos`` (name
            -> frames).

        Raises:
            FileExistsError: ``out_dir`` is not empty and ``overwrite`` is
                False.
        """
        self.check_out_dir(out_dir, overwrite)
        previous = self.generated_videos(out_dir)
        start = time.perf_counter()
        written, infos = [], {}
        names = tqdm(
            self.video_names,
            desc=f'synthetic climb -> {out_dir}',
            unit='video',
            disable=not progress)
        for index, name in enumerate(names):
            names.set_postfix(video=name, frames=self.video_lengths[name])
            video = self.generate_video(index)
            written += self._write_video(out_dir, name, video)
            infos[name] = video['info']
        written += self._write_split_and_meta(out_dir, infos)
        self._remove_stale(out_dir, previous)
        return dict(
            out_dir=out_dir,
            num_videos=len(self.video_lengths),
            total_frames=int(sum(self.video_lengths.values())),
            bytes=int(sum(osp.getsize(path) for path in written)),
            seconds=time.perf_counter() - start,
            videos=dict(self.video_lengths))

    @staticmethod
    def check_out_dir(out_dir: str, overwrite: bool = False) -> None:
        """Refuse a non-empty ``out_dir`` unless overwriting.

        Raises:
            FileExistsError: ``out_dir`` is a file, or a non-empty folder
                and ``overwrite`` is False.
        """
        if osp.exists(out_dir) and not osp.isdir(out_dir):
            raise FileExistsError(f'{out_dir} exists and is not a folder')
        if osp.isdir(out_dir) and os.listdir(out_dir) and not overwrite:
            raise FileExistsError(
                f'output folder {out_dir} is not empty; pass overwrite=True '
                '(--overwrite) to replace its dataset')

    @staticmethod
    def _write_video(out_dir: str, name: str, video: dict) -> list:
        """Write one video's input and target files; their paths."""
        input_path = osp.join(out_dir, 'input', f'{name}.npz')
        target_path = osp.join(out_dir, 'target', f'{name}.npz')
        save_npz_atomic(
            input_path, bboxes=video['bboxes'], heatmaps=video['heatmaps'])
        save_npz_atomic(target_path, keypoints=video['keypoints'])
        return [input_path, target_path]

    def _write_split_and_meta(self, out_dir: str, infos: dict) -> list:
        """Write ``splits.json`` and ``meta.json``; their paths."""
        split_path = osp.join(out_dir, 'splits.json')
        meta_path = osp.join(out_dir, 'meta.json')
        split = thesis_split(self.video_lengths, self.seq_len, self.seq_step,
                             self.train_fraction)
        save_split(split, split_path)
        meta = dict(
            self.config(),
            total_frames=int(sum(self.video_lengths.values())),
            videos=infos)
        save_json_atomic(meta_path, meta)
        return [split_path, meta_path]

    @staticmethod
    def generated_videos(out_dir: str) -> set:
        """The videos an earlier run of the generator wrote to ``out_dir``.

        Read from its ``meta.json`` (the generator's manifest: it holds
        ``version``, ``preset`` and ``videos``); a folder without one, or
        with a ``meta.json`` of another form, has none.

        Returns:
            set[str]: Video names.
        """
        path = osp.join(out_dir, 'meta.json')
        try:
            with open(path) as file:
                meta = json.load(file)
        except (OSError, ValueError):
            return set()
        if not isinstance(meta, dict) or not {'version', 'preset'} <= set(
                meta) or not isinstance(meta.get('videos'), dict):
            return set()
        return set(meta['videos'])

    def _remove_stale(self, out_dir: str, previous: set) -> None:
        """Remove the files of ``previous`` videos this dataset lacks."""
        for name in sorted(previous - set(self.video_lengths)):
            for folder in ('input', 'target'):
                path = osp.join(out_dir, folder, f'{name}.npz')
                if osp.isfile(path):
                    os.remove(path)
