"""Gaussian heatmaps rendered from heatmap-frame keypoints."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.codecs import MSRAHeatmap
from mmpose.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RenderGaussianHeatmaps(BaseTransform):
    """Render one Gaussian per keypoint and frame with MMPose's MSRA codec.

    The peak (value 1) sits on the keypoint's nearest integer position: a
    one-hot peak blurred by a Gaussian of ``sigma``, as the thesis's targets.
    Points that are not visible, or fall outside the heatmap, get an
    all-zero heatmap and weight 0.

    Two uses, by keys:

    - targets (default): ``heatmap_keypoints`` -> ``target_heatmaps``, with
      ``keypoint_weights`` (T, K) added;
    - inputs from coordinates (sources with keypoints only):
      ``keypoints_key='input_keypoints'``, ``out_key='heatmaps'``.

    Required keys: ``keypoints_key`` (T, K, 2) heatmap coordinates,
    ``visible_key`` (T, K), ``heatmap_size`` (W, H).
    Added keys: ``out_key`` (T, K, H, W) float32; ``weights_key`` (T, K).

    Args:
        sigma (float): Gaussian standard deviation in heatmap pixels.
            Defaults to 1.0.
        keypoints_key (str): Defaults to ``'heatmap_keypoints'``.
        visible_key (str): Defaults to ``'keypoints_visible'``.
        out_key (str): Defaults to ``'target_heatmaps'``.
        weights_key (str, optional): Where to store the per-keypoint weights;
            ``None`` skips them. Defaults to ``'keypoint_weights'``.
    """

    def __init__(self,
                 sigma: float = 1.0,
                 keypoints_key: str = 'heatmap_keypoints',
                 visible_key: str = 'keypoints_visible',
                 out_key: str = 'target_heatmaps',
                 weights_key: str = 'keypoint_weights'):
        self.sigma = sigma
        self.keypoints_key = keypoints_key
        self.visible_key = visible_key
        self.out_key = out_key
        self.weights_key = weights_key
        self._codecs = {}

    def _codec(self, heatmap_size) -> MSRAHeatmap:
        """One codec per heatmap size, mapping heatmap coords 1:1."""
        size = tuple(int(s) for s in heatmap_size)
        if size not in self._codecs:
            self._codecs[size] = MSRAHeatmap(
                input_size=size, heatmap_size=size, sigma=self.sigma)
        return self._codecs[size]

    def transform(self, results: dict) -> dict:
        codec = self._codec(results['heatmap_size'])
        keypoints = results[self.keypoints_key]
        visible = results[self.visible_key]
        # the codec encodes one instance per call: one frame each
        encoded = [
            codec.encode(kpts[None], vis[None])
            for kpts, vis in zip(keypoints, visible)
        ]
        results[self.out_key] = np.stack(
            [e['heatmaps'] for e in encoded]).astype(np.float32)
        if self.weights_key is not None:
            results[self.weights_key] = np.concatenate(
                [e['keypoint_weights'] for e in encoded]).astype(np.float32)
        return results
