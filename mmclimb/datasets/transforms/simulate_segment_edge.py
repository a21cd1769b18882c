"""A window that starts or ends where the detections do, as at inference.

Symbols: T frames per window, K keypoints, c the frames cut off one end.

At inference a segment (one person's run of detected frames) is extended
by copies of its first and last frame (the config's
``inference_edge_padding``; :func:`~mmclimb.apis.sliding_windows.
segment_windows`), so that its edge frames sit inside windows instead of
only at a window's first or last position. This transform shows a refiner
such windows in training: with probability ``prob`` per end, the window's
first (or last) c frames, c drawn from ``1..max_frames``, are replaced in
the input by copies of the first (last) frame that is kept, and their
targets are masked. The window keeps at least ``min_kept`` frames.

Required keys: ``input_keypoints`` (T, K, 2), ``keypoints_visible``
(T, K). Optional: ``input_visible`` (T, K), ``input_scores`` (T, K; the
cut frames repeat the kept edge frame's scores, as padding repeats them at
inference), ``sample_idx``. Modified keys:
those three; ``keypoints_visible`` is 0 on the cut frames (no target there),
``input_visible`` 0 as for a missing detection.
"""
from typing import Optional

import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.registry import TRANSFORMS

from .window_rng import window_rng

__all__ = ['SimulateSegmentEdge']


@TRANSFORMS.register_module()
class SimulateSegmentEdge(BaseTransform):
    """Cut a window's start or end as a segment's edge; see the module
    docstring.

    Args:
        prob (float): Probability of a cut at each end, in [0, 1].
        max_frames (int): Largest c; the refiner's
            ``inference_edge_padding``.
        min_kept (int): Frames the window keeps at least. Defaults to 2.
        seed (int, optional): Fixed draws per window (validation).
    """

    def __init__(self,
                 prob: float,
                 max_frames: int,
                 min_kept: int = 2,
                 seed: Optional[int] = None):
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        if max_frames < 1 or min_kept < 1:
            raise ValueError(f'max_frames and min_kept must be >= 1, got '
                             f'{max_frames} and {min_kept}')
        self.prob = prob
        self.max_frames = max_frames
        self.min_kept = min_kept
        self.seed = seed

    def _cuts(self, rng, num_frames: int) -> tuple:
        """Frames cut at the start and at the end."""
        room = num_frames - self.min_kept
        cuts = []
        for _ in range(2):
            wanted = rng.random() < self.prob
            size = int(rng.integers(1, self.max_frames + 1))
            size = min(size, room) if wanted else 0
            cuts.append(max(size, 0))
            room -= cuts[-1]
        return tuple(cuts)

    def transform(self, results: dict) -> dict:
        rng = window_rng(self.seed, results.get('sample_idx'))
        inputs = np.array(results['input_keypoints'], copy=True)
        target = np.array(results['keypoints_visible'], copy=True)
        seen = np.array(results.get('input_visible', np.ones(target.shape)),
                        dtype=np.float32, copy=True)
        scores = None if 'input_scores' not in results else np.array(
            results['input_scores'], copy=True)
        start, end = self._cuts(rng, len(inputs))
        stop = len(inputs) - end
        for cut, edge in ((slice(0, start), start),
                          (slice(stop, None), stop - 1)):
            inputs[cut] = inputs[edge]
            target[cut] = 0
            seen[cut] = 0
            if scores is not None:  # a padded frame repeats its scores too
                scores[cut] = scores[edge]
        if scores is not None:
            results['input_scores'] = scores
        results['input_keypoints'] = inputs
        results['keypoints_visible'] = target
        results['input_visible'] = seen
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(prob={self.prob}, '
                f'max_frames={self.max_frames}, min_kept={self.min_kept}, '
                f'seed={self.seed})')
