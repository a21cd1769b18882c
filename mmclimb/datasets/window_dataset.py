"""The base of datasets whose samples are windows of a video's frames.

Symbols: T = ``seq_len`` frames per window, K keypoints.

A window ``w`` of a video of N frames covers frames ``w * seq_step + (0, ...,
T - 1)``; frames past the end repeat the last one and are marked invalid,
so a video shorter than T gives one padded window instead of none. Every
window sample carries, besides what a subclass reads:

- ``video`` (str), ``window`` (int);
- ``frame_ids`` (T,) int64 and ``valid`` (T,) bool;
- ``keypoints`` (T, K, 2) and ``keypoints_visible`` (T, K), the latter 0 on
  padding frames;
- ``heatmap_size`` (W, H), ``flip_indices`` (K,) and ``dataset_name`` from
  the keypoint meta-info (default: the 25 ClimbAlong keypoints).

With ``collect_data_warnings`` set (by
:class:`~mmclimb.engine.DataWarningHook` in a training or test run), the
:class:`~mmclimb.datasets.DataWarning` s that a sample's pipeline raises are
not shown where they happen (a loader worker process shows each kind once
per worker, without a count) but travel with the sample as its
``data_warnings`` meta-info, a list of ``(kind, video)``, for the hook to
count in the main process.
"""
from typing import Any, List, Optional, Sequence

import numpy as np
from mmengine.dataset import BaseDataset

from .data_warning import caught_data_warnings
from .pose_metainfo import CLIMBALONG_METAINFO_FILE, load_pose_metainfo

__all__ = ['WindowDataset']


class WindowDataset(BaseDataset):
    """Windows of T frames every ``seq_step`` frames of each video.

    Subclasses list the windows in ``load_data_list`` with
    :meth:`_window_info` and fill a sample in ``get_data_info`` with
    :meth:`_frame_fields`.

    Args:
        seq_len (int): T, frames per window. Defaults to 5.
        seq_step (int): Frames between window starts. Defaults to 1.
        heatmap_size (tuple[int, int]): (W, H). Defaults to (56, 56).
        **kwargs: Passed to :class:`~mmengine.dataset.BaseDataset`
            (``data_root``, ``pipeline``, ``test_mode``, ``metainfo``,
            ``lazy_init``, ...).
    """

    METAINFO: dict = dict(from_file=CLIMBALONG_METAINFO_FILE)
    #: Attach the pipeline's data warnings to the samples (module
    #: docstring) instead of showing them.
    collect_data_warnings: bool = False

    def __init__(self,
                 seq_len: int = 5,
                 seq_step: int = 1,
                 heatmap_size: Sequence[int] = (56, 56),
                 **kwargs):
        if seq_len < 1 or seq_step < 1:
            raise ValueError(f'seq_len and seq_step must be >= 1, got '
                             f'{seq_len} and {seq_step}')
        self.seq_len = seq_len
        self.seq_step = seq_step
        self.heatmap_size = tuple(heatmap_size)
        super().__init__(**kwargs)

    def prepare_data(self, idx) -> Any:
        """The pipeline's output for sample ``idx``; with
        ``collect_data_warnings``, its data warnings in the meta-info."""
        if not self.collect_data_warnings:
            return super().prepare_data(idx)
        with caught_data_warnings() as caught:
            data = super().prepare_data(idx)
        sample = data.get('data_samples') if isinstance(data, dict) else None
        if caught and sample is not None:
            found = {(warning.kind, warning.video) for warning in caught}
            sample.set_metainfo(dict(data_warnings=sorted(found)))
        return data

    @classmethod
    def _load_metainfo(cls, metainfo: Optional[dict] = None) -> dict:
        """Parse MMPose-style keypoint meta-info (default: ClimbAlong)."""
        return load_pose_metainfo(
            cls.__name__, dict(cls.METAINFO) if metainfo is None else metainfo)

    @property
    def window_frames(self) -> int:
        """Frames of a video a window reads: T (a subclass that resamples
        in its pipeline reads more)."""
        return self.seq_len

    def _window_info(self, video: str, window: int, num_frames: int) -> dict:
        """``video``, ``window``, ``frame_ids`` and ``valid`` of a window of
        a video of ``num_frames`` frames."""
        frames = window * self.seq_step + np.arange(self.window_frames)
        return dict(
            video=video,
            window=window,
            frame_ids=np.minimum(frames, num_frames - 1),
            valid=frames < num_frames)

    @staticmethod
    def _num_padded(data_list: List[dict]) -> int:
        """Windows that run past the end of their video."""
        return sum(not info['valid'].all() for info in data_list)

    def _frame_fields(self, info: dict, keypoints: np.ndarray,
                      visible: np.ndarray) -> dict:
        """The window's keypoints and flags (padding frames unflagged) and
        the meta-info fields.

        Args:
            info (dict): The window (``frame_ids``, ``valid``).
            keypoints (np.ndarray): The video's (N, K, 2) keypoints.
            visible (np.ndarray): The video's (N, K) flags.
        """
        frames = info['frame_ids']
        return dict(
            keypoints=keypoints[frames],
            keypoints_visible=visible[frames] * info['valid'][:, None],
            heatmap_size=self.heatmap_size,
            # self.metainfo deep-copies the whole meta-info on every access
            flip_indices=list(self._metainfo['flip_indices']),
            dataset_name=self._metainfo['dataset_name'])
