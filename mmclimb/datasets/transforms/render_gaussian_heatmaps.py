"""Gaussian heatmaps rendered from heatmap-frame keypoints."""
import numpy as np
from mmcv.transforms import BaseTransform
from mmpose.codecs import MSRAHeatmap
from mmpose.registry import TRANSFORMS

from mmclimb.structures import render_gaussians


@TRANSFORMS.register_module()
class RenderGaussianHeatmaps(BaseTransform):
    """Render one Gaussian per keypoint and frame with MMPose's MSRA codec.

    The peak (value 1) sits on the keypoint's nearest integer position: a
    one-hot peak blurred by a Gaussian of ``sigma``, as the thesis's targets.
    Points that are not visible, or fall outside the heatmap, get an
    all-zero heatmap and weight 0.

    With ``subpixel=True`` the peak sits on the keypoint's exact position
    instead (:func:`~mmclimb.structures.render_gaussians`), so a refiner
    that decodes sub-pixel maxima can keep sub-pixel detail; points that are
    not visible or lie outside the grid get an all-zero heatmap and weight 0.

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
        subpixel (bool): Centre the peaks on the exact positions. Defaults
            to False (MMPose's codec: integer positions).
    """

    def __init__(self,
                 sigma: float = 1.0,
                 keypoints_key: str = 'heatmap_keypoints',
                 visible_key: str = 'keypoints_visible',
                 out_key: str = 'target_heatmaps',
                 weights_key: str = 'keypoint_weights',
                 subpixel: bool = False):
        self.sigma = sigma
        self.subpixel = subpixel
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

    def _render_subpixel(self, results: dict) -> dict:
        """Exact-position peaks; zero maps and weights off the grid."""
        width, height = results['heatmap_size']
        keypoints = np.asarray(results[self.keypoints_key], dtype=np.float32)
        inside = ((keypoints >= 0) & (keypoints <= np.array(
            [width - 1, height - 1]))).all(axis=-1)
        weights = (np.asarray(results[self.visible_key]) > 0) & inside
        heatmaps = render_gaussians(keypoints, self.sigma, (width, height))
        heatmaps *= weights[..., None, None]
        results[self.out_key] = heatmaps
        if self.weights_key is not None:
            results[self.weights_key] = weights.astype(np.float32)
        return results

    def transform(self, results: dict) -> dict:
        if self.subpixel:
            return self._render_subpixel(results)
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
