"""Windows of real human motion from CMU motion capture (BVH).

Symbols: T = ``seq_len`` refiner frames per window, S source frames per
window (enough for T frames at the lowest output frame rate), K = 25
ClimbAlong keypoints, world coordinates in cm with Y up.

Reads ``<data_root>/bvh/<subject>/<clip>.bvh`` (the CMU clips retargeted
to the CC_Base rig, 60 fps; ``docs/cmu_mocap.md``) through
:mod:`mmclimb.datasets.mocap`: forward kinematics gives the 25 ClimbAlong
keypoints, frame 0 is dropped, and frames of retargeting glitches are
marked unsafe. A window is S consecutive source frames every ``seq_step``
source frames; windows that touch an unsafe frame are left out (one log
line gives the count). The pipeline makes the 2D refiner input:
``ResampleFrameRate`` (T frames at a random rate), ``RandomMirrorMotion``,
``RandomVirtualCamera`` (2D ground truth) and ``SimulateKeypointNoise``
(the detections).

Each sample (before the pipeline) is one window:

- ``video`` (str) the clip's name, ``window`` (int), ``frame_ids`` (S,)
  and ``valid`` (S,) as in :class:`WindowDataset`;
- ``keypoints_3d`` (S, K, 3) float64 cm;
- ``keypoints_visible`` (S, K) float32: 1 for keypoints that are joints
  of the rig, ``approximate_weight`` for the 5 placed by rule (nose, ears,
  heels), so they weigh less in the loss (0 masks them);
- ``fps`` (float, 60), ``seq_len`` (T, for ``ResampleFrameRate``),
  ``heatmap_size``, ``flip_indices``, ``dataset_name``.
"""
import logging
import math
import os.path as osp
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.logging import print_log
from mmpose.registry import DATASETS

from .mocap import list_cmu_clips, load_cmu_clip
from .simulated_detections import simulate_clip_detections
from .splits import num_windows
from .window_dataset import WindowDataset

__all__ = ['CMUMocapDataset']


@DATASETS.register_module()
class CMUMocapDataset(WindowDataset):
    """CMU motion capture cut into windows; see the module docstring.

    Args:
        data_root (str): The folder holding ``bvh/``.
        clips (Sequence[str], optional): Use only these clips (names such
            as ``'006_09'``); None takes every clip not in ``exclude``.
        exclude (Sequence[str]): Clips left out (e.g. the held-out ones).
        seq_len (int): T. Defaults to 5.
        min_fps (float): The lowest output rate the pipeline draws; sets
            S = ceil((T - 1) * 60 / min_fps) + 1. Defaults to 24.
        seq_step (int): Source frames between window starts. Defaults
            to 4.
        approximate_weight (float): Flag of the approximate keypoints.
            Defaults to 0.5.
        cache_dir (str, optional): Where parsed clips are cached (keyed by
            file size and time). Defaults to ``'data/cache/cmu_mocap'``;
            None disables the cache.
        **kwargs: See :class:`WindowDataset` (``pipeline``, ``test_mode``,
            ``heatmap_size``, ...).
    """

    SOURCE_FPS = 60.0

    def __init__(self,
                 data_root: str,
                 clips: Optional[Sequence[str]] = None,
                 exclude: Sequence[str] = (),
                 seq_len: int = 5,
                 min_fps: float = 24.0,
                 seq_step: int = 4,
                 approximate_weight: float = 0.5,
                 cache_dir: Optional[str] = 'data/cache/cmu_mocap',
                 **kwargs):
        if min_fps <= 0:
            raise ValueError(f'min_fps must be > 0, got {min_fps}')
        self.clip_names = None if clips is None else self._names(clips)
        self.exclude = set(self._names(exclude))
        self.source_len = int(
            math.ceil((seq_len - 1) * self.SOURCE_FPS / min_fps)) + 1
        self.approximate_weight = float(approximate_weight)
        self.cache_dir = cache_dir
        self.clips: Dict[str, dict] = {}
        super().__init__(
            seq_len=seq_len, seq_step=seq_step, data_root=data_root,
            **kwargs)

    @staticmethod
    def _names(clips: Sequence[str]) -> List[str]:
        """Clip names, checked to be text (``--cfg-options`` reads an
        unquoted 006_09 as the number 609)."""
        bad = [c for c in clips if not isinstance(c, str)]
        if bad:
            raise TypeError(
                f'CMUMocapDataset: clip names must be strings such as '
                f'"006_09", got {bad} (quote them in --cfg-options: '
                f'clips="[\'006_09\']")')
        return list(clips)

    def _paths(self) -> List[str]:
        """The BVH files to read, checked against ``clips``."""
        if not osp.isdir(osp.join(self.data_root, 'bvh')):
            raise FileNotFoundError(
                f'{self.data_root}: no bvh/ folder; data_root is the CMU '
                'motion-capture folder holding bvh/<subject>/<clip>.bvh '
                '(docs/cmu_mocap.md)')
        paths = {
            osp.splitext(osp.basename(p))[0]: p
            for p in list_cmu_clips(self.data_root)
        }
        unknown = sorted(self.exclude - set(paths))
        if unknown:
            print_log(
                f'{self.data_root}: {len(unknown)} excluded clips are not '
                f'under bvh/: {unknown} (check the spelling: a misspelt '
                'held-out clip would be trained on)',
                logger='current',
                level=logging.WARNING)
        if self.clip_names is None:
            return [p for n, p in sorted(paths.items())
                    if n not in self.exclude]
        missing = [n for n in self.clip_names if n not in paths]
        if missing:
            raise FileNotFoundError(
                f'{self.data_root}: clips {missing} not found under bvh/ '
                f'(it has {len(paths)} clips)')
        return [paths[n] for n in self.clip_names if n not in self.exclude]

    @property
    def window_frames(self) -> int:
        """S source frames per window (the pipeline resamples T of them)."""
        return self.source_len

    def load_data_list(self) -> List[dict]:
        """Read every clip; list its safe windows."""
        self.clips = {}
        for path in self._paths():
            clip = load_cmu_clip(path, cache_dir=self.cache_dir)
            self.clips[clip['name']] = clip
        data_list, unsafe = [], 0
        for name, clip in self.clips.items():
            num_frames = len(clip['keypoints'])
            if num_frames < self.source_len:
                continue
            for window in range(
                    num_windows(num_frames, self.source_len, self.seq_step)):
                info = self._window_info(name, window, num_frames)
                if clip['unsafe'][info['frame_ids']].any():
                    unsafe += 1
                    continue
                data_list.append(info)
        if not data_list:
            raise ValueError(
                f'{type(self).__name__}: no window of {self.source_len} '
                f'safe source frames in the {len(self.clips)} clips under '
                f'{self.data_root}')
        frames = sum(len(c['keypoints']) for c in self.clips.values())
        print_log(
            f'{type(self).__name__}: {len(self.clips)} clips, {frames} '
            f'frames at 60 fps, {len(data_list)} windows of '
            f'{self.source_len} source frames for {self.seq_len} output '
            f'frames ({unsafe} touching retargeting glitches left out)',
            logger='current')
        return data_list

    def _flags(self, clip: dict) -> np.ndarray:
        """(K,) flags: 1 for joints, the approximate weight for the rest."""
        return np.where(clip['approximate'], self.approximate_weight,
                        1.0).astype(np.float32)

    def simulate_detections(self, name: str, fps: float, seed: int,
                            **kwargs) -> dict:
        """A whole clip as a detector would see it on video: its keypoints,
        their flags and this dataset's flip pairs through
        :func:`~mmclimb.datasets.simulate_clip_detections`.

        Args:
            name (str): A clip of this dataset.
            fps (float): The video's frame rate.
            seed (int): Seed of the camera and the noise.
            **kwargs: ``camera`` and ``noise`` overrides.

        Returns:
            dict: See :func:`~mmclimb.datasets.simulate_clip_detections`.
        """
        clip = self.clips[name]
        return simulate_clip_detections(
            clip['keypoints'], self._flags(clip),
            self._metainfo['flip_indices'], fps, seed=seed, **kwargs)

    def get_data_info(self, idx: int) -> dict:
        """The window's 3D keypoints (see the module docstring)."""
        info = super().get_data_info(idx)
        clip = self.clips[info['video']]
        frames = info['frame_ids']
        flags = np.broadcast_to(self._flags(clip),
                                (len(frames), len(clip['approximate'])))
        info.update(
            seq_len=self.seq_len,
            keypoints_3d=clip['keypoints'][frames].astype(np.float64),
            keypoints_visible=flags * info['valid'][:, None],
            fps=self.SOURCE_FPS,
            heatmap_size=self.heatmap_size,
            flip_indices=list(self._metainfo['flip_indices']),
            dataset_name=self._metainfo['dataset_name'])
        return info
