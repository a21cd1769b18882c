"""A window of motion resampled to a random frame rate."""
from typing import Optional, Sequence

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from .window_rng import window_rng


@TRANSFORMS.register_module()
class ResampleFrameRate(BaseTransform):
    """Cut T frames at a random frame rate out of a longer motion window.

    Symbols: S source frames at ``fps`` (the capture rate), T output
    frames at the drawn rate f (``seq_len``, else the sample's ``seq_len``,
    which :class:`~mmclimb.datasets.CMUMocapDataset` sets to its own), K
    keypoints.

    f is drawn log-uniformly from ``fps_range``; the output frames sit at
    source times ``t0 + i * fps / f`` (i = 0 .. T-1), ``t0`` uniform over
    what the S frames allow, and are linearly interpolated between the two
    nearest source frames. A keypoint is flagged in an output frame with
    the smaller flag of those two frames.

    Required keys: ``keypoints_3d`` (S, K, 3), ``keypoints_visible``
    (S, K), ``fps`` (float, the source rate), ``seq_len`` unless given
    here. Optional: ``sample_idx``.
    Modified keys: ``keypoints_3d`` (T, K, 3), ``keypoints_visible``
    (T, K), ``fps`` (f), ``frame_ids`` (T,) the nearest source frames,
    ``valid`` (T,) all True.

    Args:
        seq_len (int, optional): T; None takes the sample's ``seq_len``.
            Defaults to None.
        fps_range (Sequence[float]): (low, high) output rates. Defaults to
            (24, 60).
        seed (int, optional): Fixed draws per window (validation), see
            :func:`~mmclimb.datasets.transforms.window_rng.window_rng`.
    """

    def __init__(self,
                 seq_len: Optional[int] = None,
                 fps_range: Sequence[float] = (24.0, 60.0),
                 seed: Optional[int] = None):
        low, high = (float(v) for v in fps_range)
        if not 0 < low <= high:
            raise ValueError(f'fps_range must be 0 < low <= high, got '
                             f'{tuple(fps_range)}')
        self.seq_len = seq_len
        self.fps_range = (low, high)
        self.seed = seed

    def source_frames(self, source_fps: float, seq_len: int) -> int:
        """Source frames S a window of T frames needs at the lowest output
        rate."""
        step = source_fps / self.fps_range[0]
        return int(np.ceil((seq_len - 1) * step - 1e-9)) + 1

    def transform(self, results: dict) -> dict:
        seq_len = self.seq_len or int(results['seq_len'])
        rng = window_rng(self.seed, results.get('sample_idx'))
        motion = np.asarray(results['keypoints_3d'], dtype=np.float64)
        visible = np.asarray(results['keypoints_visible'], dtype=np.float32)
        source_fps = float(results['fps'])
        low, high = np.log(self.fps_range)
        fps = float(np.exp(rng.uniform(low, high)))
        step = source_fps / fps
        span = (seq_len - 1) * step
        if span > len(motion) - 1 + 1e-9:
            raise ValueError(
                f'{results.get("video", "")}: a window of {len(motion)} '
                f'source frames is too short for {seq_len} frames at '
                f'{fps:.1f} fps (needs '
                f'{self.source_frames(source_fps, seq_len)}; the dataset\'s '
                'min_fps must not exceed the lowest of fps_range)')
        start = rng.uniform(0, max(len(motion) - 1 - span, 0))
        times = np.minimum(start + step * np.arange(seq_len), len(motion) - 1)
        before = np.minimum(np.floor(times).astype(np.int64), len(motion) - 2)
        weight = (times - before)[:, None, None]
        results['keypoints_3d'] = ((1 - weight) * motion[before] +
                                   weight * motion[before + 1])
        results['keypoints_visible'] = np.minimum(visible[before],
                                                  visible[before + 1])
        results['fps'] = fps
        results['frame_ids'] = np.rint(times).astype(np.int64)
        results['valid'] = np.ones(seq_len, dtype=bool)
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(seq_len={self.seq_len}, '
                f'fps_range={self.fps_range}, seed={self.seed})')
