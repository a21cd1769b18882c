"""Windows of ClimbAlong videos for MMPose pipelines.

Symbols: T = ``seq_len`` frames per window, K keypoints, H x W heatmaps.
The layout on disk, the heatmap coordinates and the split files are defined
in ``docs/climbalong_format.md``.

Each sample (the dict a pipeline receives) is one window of one video:

- ``video`` (str), ``window`` (int): the video and window index;
- ``frame_ids`` (T,) int64: frames of the video (padding repeats the last);
- ``valid`` (T,) bool: False for padding frames of a video shorter than T;
- ``heatmaps`` (T, K, H, W) float32: the detector's raw logits (with a
  ``frame_pipeline``: instead, the keys it adds, e.g. ``input_keypoints``
  (T, K, 2); see :mod:`mmclimb.datasets.frame_pipeline`);
- ``bboxes`` (T, 4) float32: the detector's boxes, image pixels;
- ``keypoints`` (T, K, 2) float32: ground truth, image pixels;
- ``keypoints_visible`` (T, K) float32: annotation flags, 0 on padding;
- ``heatmap_size`` (W, H), ``flip_indices`` (K,), ``dataset_name``.
"""
import glob
import os.path as osp
import time
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from mmengine.logging import print_log
from mmpose.registry import DATASETS

from mmclimb.fileio import open_npz

from .climbalong_video import ClimbAlongFormatError, ClimbAlongVideo
from .data_warning import summarise_data_warnings
from .frame_pipeline import FramePipeline
from .pose_metainfo import CLIMBALONG_METAINFO_FILE
from .splits import load_split, num_windows, resolve_split
from .window_dataset import WindowDataset

__all__ = ['ClimbAlongDataset', 'CLIMBALONG_METAINFO_FILE']

#: K of the ClimbAlong keypoint set.
CLIMBALONG_NUM_KEYPOINTS = 25

@DATASETS.register_module()
class ClimbAlongDataset(WindowDataset):
    """ClimbAlong-format videos cut into windows of ``seq_len`` frames.

    Args:
        data_root (str): Folder with ``input/`` and ``target/``.
        seq_len (int): T, frames per window. Defaults to 5.
        seq_step (int): Frames between window starts. Defaults to 1.
        split_file (str, optional): A split file, relative to ``data_root``
            unless absolute. ``None`` uses every window of every video.
        split (str, optional): The split to use, e.g. ``'train'``; needed
            with ``split_file``.
        input_dir (str): Sub-folder of the inputs. Defaults to ``'input'``.
        target_dir (str): Sub-folder of the targets. Defaults to
            ``'target'``.
        heatmap_size (tuple[int, int]): (W, H). Defaults to (56, 56).
        degenerate_boxes (str): ``'error'`` or ``'truncate'``, see
            :class:`ClimbAlongVideo`. Defaults to ``'error'``.
        frame_pipeline (list[dict], optional): Per-frame transforms run
            once over each video of the split when the dataset is built
            (:class:`FramePipeline`); windows then carry the keys they add
            instead of heatmaps. For coordinate refiners:
            ``[NormalizeHeatmaps, DecodeHeatmaps]``. Defaults to None.
        **kwargs: Passed to :class:`~mmengine.dataset.BaseDataset`
            (``pipeline``, ``test_mode``, ``metainfo``, ``lazy_init``, ...).
    """

    def __init__(self,
                 data_root: str,
                 seq_len: int = 5,
                 seq_step: int = 1,
                 split_file: Optional[str] = None,
                 split: Optional[str] = None,
                 input_dir: str = 'input',
                 target_dir: str = 'target',
                 heatmap_size: Sequence[int] = (56, 56),
                 degenerate_boxes: str = 'error',
                 frame_pipeline: Optional[Sequence[dict]] = None,
                 **kwargs):
        if split_file is not None and split is None:
            raise ValueError(f'split_file={split_file!r} needs split=<name>')
        self.split_file = split_file
        self.split = split
        self.input_dir = input_dir
        self.target_dir = target_dir
        self.degenerate_boxes = degenerate_boxes
        self.videos: Dict[str, ClimbAlongVideo] = {}
        self.frame_pipeline = FramePipeline(
            frame_pipeline) if frame_pipeline else None
        self.frame_outputs: Dict[str, Dict[str, np.ndarray]] = {}
        super().__init__(
            seq_len=seq_len,
            seq_step=seq_step,
            heatmap_size=heatmap_size,
            data_root=data_root,
            **kwargs)

    # ------------------------------------------------------------------
    # indexing
    # ------------------------------------------------------------------
    def _open_videos(self) -> Dict[str, ClimbAlongVideo]:
        input_root = osp.join(self.data_root, self.input_dir)
        if not osp.isdir(input_root):
            raise FileNotFoundError(
                f'{input_root} does not exist: a ClimbAlong data_root holds '
                f'{self.input_dir}/<video>.npz and {self.target_dir}/'
                '<video>.npz (see docs/climbalong_format.md)')
        paths = sorted(glob.glob(osp.join(input_root, '*.npz')))
        if not paths:
            raise ClimbAlongFormatError(f'{input_root}: no <video>.npz files')
        self._check_keypoint_set(paths[0])
        videos = {}
        for path in paths:
            name = osp.splitext(osp.basename(path))[0]
            videos[name] = ClimbAlongVideo(
                name,
                path,
                osp.join(self.data_root, self.target_dir, f'{name}.npz'),
                num_keypoints=self.metainfo['num_keypoints'],
                heatmap_size=self.heatmap_size,
                degenerate_boxes=self.degenerate_boxes)
        total = sum(video.num_frames for video in videos.values())
        if total < self.seq_len:
            raise ClimbAlongFormatError(
                f'{self.data_root}: {total} frames in all, fewer than one '
                f'window of seq_len={self.seq_len}')
        return videos

    def _check_keypoint_set(self, input_path: str) -> None:
        """Raise if the metainfo's K differs from the data's K.

        A config that names another keypoint set (e.g. COCO's 17) for
        ClimbAlong files (25) is a config error, reported as such rather
        than as a wrong shape of every file. With the ClimbAlong metainfo
        (25) a file of another K is the file's error (the video's checks).
        """
        expected = self.metainfo['num_keypoints']
        if expected == CLIMBALONG_NUM_KEYPOINTS:
            return
        heatmaps = open_npz(input_path).get('heatmaps')
        if heatmaps is None or heatmaps.ndim != 4 or \
                heatmaps.shape[1] == expected:
            return  # the video's own checks report anything else
        raise ClimbAlongFormatError(
            f'{input_path}: field "heatmaps" has {heatmaps.shape[1]} '
            f'keypoints, but the dataset\'s metainfo '
            f'("{self.metainfo["dataset_name"]}") has {expected}: the config '
            'names the wrong keypoint set (ClimbAlong data: metainfo='
            f"dict(from_file='{CLIMBALONG_METAINFO_FILE}'), 25 keypoints)")

    def _windows(self, lengths: Dict[str, int]) -> List[Tuple[str, int]]:
        """The ``(video, window)`` pairs of the chosen split."""
        if self.split_file is None:
            return [(name, idx) for name in sorted(lengths)
                    for idx in range(
                        num_windows(lengths[name], self.seq_len,
                                    self.seq_step))]
        path = self.split_file
        if not osp.isabs(path):
            path = osp.join(self.data_root, path)
        split = load_split(path)
        if (split['seq_len'], split['seq_step']) != (self.seq_len,
                                                     self.seq_step):
            raise ValueError(
                f'{path}: made for seq_len={split["seq_len"]}, seq_step='
                f'{split["seq_step"]}, but the dataset uses seq_len='
                f'{self.seq_len}, seq_step={self.seq_step}')
        return resolve_split(split, self.split, lengths, path)

    def load_data_list(self) -> List[dict]:
        """Open and check every video; list the split's windows."""
        self.videos = self._open_videos()
        lengths = {name: v.num_frames for name, v in self.videos.items()}
        data_list = [
            self._window_info(video, window, lengths[video])
            for video, window in self._windows(lengths)
        ]
        padded = self._num_padded(data_list)
        if padded:
            print_log(
                f'{type(self).__name__}: {padded} window(s) of videos '
                f'shorter than seq_len={self.seq_len} are padded (masked by '
                '"valid")',
                logger='current')
        if self.frame_pipeline is not None:
            self.frame_outputs = self._run_frame_pipeline(
                sorted({info['video'] for info in data_list}))
        return data_list

    def _run_frame_pipeline(
            self, names: List[str]) -> Dict[str, Dict[str, np.ndarray]]:
        """The frame pipeline's per-frame outputs of the named videos."""
        start = time.perf_counter()
        source = f'{self.data_root} ({self.split or "all videos"})'
        with summarise_data_warnings(source, len(names)):
            outputs = {
                name: self.frame_pipeline(self.videos[name])
                for name in names
            }
        frames = sum(self.videos[name].num_frames for name in names)
        print_log(
            f'{type(self).__name__}: frame pipeline over {frames} frames of '
            f'{len(names)} video(s) in {time.perf_counter() - start:.1f} s',
            logger='current')
        return outputs

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------
    def get_data_info(self, idx: int) -> dict:
        """The window's arrays (see the module docstring)."""
        info = super().get_data_info(idx)
        video = self.videos[info['video']]
        frames = info['frame_ids']
        if self.frame_pipeline is None:
            info['heatmaps'] = video.heatmaps(frames)
        else:
            info.update((key, value[frames]) for key, value in
                        self.frame_outputs[info['video']].items())
        info['bboxes'] = video.bboxes[frames]
        info.update(
            self._frame_fields(info, video.keypoints,
                               video.keypoints_visible))
        return info
