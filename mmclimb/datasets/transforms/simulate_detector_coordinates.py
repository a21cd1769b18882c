"""Detector-like coordinate inputs simulated from clean keypoints, without
rendering heatmaps.

Symbols: T frames, K keypoints, H x W heatmaps, (u, v) heatmap coordinates
of the pose box (``docs/climbalong_format.md``).

Coordinate refiners (DeciWatch) pretrained on keypoint-only sequences see
the per-frame argmax of the heatmaps :class:`SimulateDetectorNoise`
renders (``DecodeHeatmaps`` after it). That argmax is known before
rendering: every simulated heatmap is one Gaussian peak on an integer grid
position, so its maximum is that position, and its value is 1 (or, with
``normalize='sum'``, one over the Gaussian's grid sum); a keypoint the
source lacks has an all-zero heatmap, which decodes to (0, 0) with score 0.
:class:`SimulateDetectorCoordinates` draws the same boxes, shifts and blur
sigmas from the same generator as :class:`SimulateDetectorNoise` and writes
what ``DecodeHeatmaps`` writes, without the (T, K, H, W) heatmaps: the same
error distribution at a fraction of the cost (the same outputs, for the
same seed and sample).
"""
import numpy as np
from mmpose.registry import TRANSFORMS

from mmclimb.structures import gaussian_sums
from .simulate_detector_noise import SimulateDetectorNoise


@TRANSFORMS.register_module()
class SimulateDetectorCoordinates(SimulateDetectorNoise):
    """The decoded maxima of :class:`SimulateDetectorNoise`'s heatmaps.

    Required keys: ``keypoints`` (T, K, 2) image pixels,
    ``keypoints_visible`` (T, K).
    Added keys: ``bboxes`` (T, 4) the expanded pose boxes,
    ``heatmap_size`` (W, H), and as ``DecodeHeatmaps(out_key=
    'input_keypoints')`` adds them: ``input_keypoints`` (T, K, 2) the
    noisy integer heatmap positions ((0, 0) for missing points),
    ``input_keypoints_scores`` (T, K) the peak values (0 for missing
    points) and ``input_keypoints_norm`` (T, K, 2) the positions divided by
    ``(W - 1, H - 1)``. Optional key: ``sample_idx`` (with ``seed``).

    Args: as :class:`SimulateDetectorNoise`.
    """

    def transform(self, results: dict) -> dict:
        present = results['keypoints_visible'] > 0
        bboxes, noisy, sigmas = self._noisy_peaks(results)
        scores = np.ones(present.shape, np.float32)
        if self.normalize == 'sum':
            scores /= gaussian_sums(noisy, sigmas, self.heatmap_size)
        positions = np.where(present[..., None], noisy, 0).astype(np.float32)
        width, height = self.heatmap_size
        results.update(
            bboxes=bboxes,
            heatmap_size=self.heatmap_size,
            input_keypoints=positions,
            input_keypoints_scores=scores * present,
            input_keypoints_norm=positions /
            np.array([width - 1, height - 1], dtype=np.float32))
        return results
