"""A simulated per-frame keypoint detector in the Mask R-CNN's output form.

Symbols: T frames, K = 25 keypoints, H x W = 56 x 56 heatmaps; image
pixels ``(x, y)`` and heatmap coordinates ``(u, v)`` as in
``docs/climbalong_format.md``::

    u = (x - x1) * W / w - 0.5        v = (y - y1) * H / h - 0.5

Contract:
    :meth:`SimulatedDetector.detect` takes a video's true image keypoints
    (T, K, 2) (all of them, annotated or not: the detector sees the person)
    and returns

    - ``bboxes`` (T, 4) float32: jittering person boxes ``x1, y1, x2, y2``
      (:class:`.PersonBoxSimulator`);
    - ``heatmaps`` (T, K, H, W) float16: logits, each covering its frame's
      box resized to a square, with negative background and a peak near the
      keypoint's projection into that box (:class:`.PeakErrorModel`,
      :class:`.HeatmapRenderer`).

    :func:`project_to_boxes` is the image-to-heatmap projection above.
"""
from typing import Optional, Tuple

import numpy as np

from .heatmap_renderer import HeatmapRenderer
from .peak_errors import PeakErrorModel
from .person_box import PersonBoxSimulator

__all__ = ['SimulatedDetector', 'project_to_boxes']


def project_to_boxes(keypoints: np.ndarray,
                     boxes: np.ndarray,
                     heatmap_size: int = 56) -> np.ndarray:
    """Image keypoints in their frames' heatmap coordinates (not clipped).

    Args:
        keypoints (np.ndarray): (T, K, 2) image pixels.
        boxes (np.ndarray): (T, 4) ``x1, y1, x2, y2``.
        heatmap_size (int): W = H. Defaults to 56.

    Returns:
        np.ndarray: (T, K, 2) float64 ``u, v``.
    """
    boxes = np.asarray(boxes, dtype=float)
    origin = boxes[:, None, :2]
    size = boxes[:, None, 2:] - origin
    return (keypoints - origin) * heatmap_size / size - 0.5


class SimulatedDetector:
    """Boxes and heatmaps of one video from its true keypoints.

    Args:
        boxes (PersonBoxSimulator, optional): Box model; default settings
            when None.
        errors (PeakErrorModel, optional): Peak error model; default
            settings when None.
        renderer (HeatmapRenderer, optional): Heatmap renderer; default
            settings when None.
    """

    def __init__(self,
                 boxes: Optional[PersonBoxSimulator] = None,
                 errors: Optional[PeakErrorModel] = None,
                 renderer: Optional[HeatmapRenderer] = None):
        self.boxes = boxes or PersonBoxSimulator()
        self.errors = errors or PeakErrorModel()
        self.renderer = renderer or HeatmapRenderer()
        if self.errors.heatmap_size != self.renderer.heatmap_size:
            raise ValueError('the error model and the renderer disagree on '
                             f'the heatmap size ({self.errors.heatmap_size}'
                             f' vs {self.renderer.heatmap_size})')

    @property
    def heatmap_size(self) -> int:
        """W = H of the heatmaps."""
        return self.renderer.heatmap_size

    def detect(self, rng: np.random.Generator,
               keypoints: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """The detector's output for one video.

        Args:
            rng (np.random.Generator): Source of randomness.
            keypoints (np.ndarray): (T, K, 2) true image keypoints.

        Returns:
            tuple[np.ndarray, np.ndarray]: ``bboxes`` (T, 4) float32 and
            ``heatmaps`` (T, K, H, W) float16.
        """
        box_rng, error_rng, render_rng = rng.spawn(3)
        bboxes = self.boxes.boxes(box_rng, keypoints)
        true_uv = project_to_boxes(keypoints, bboxes, self.heatmap_size)
        peaks = self.errors.sample(error_rng, true_uv)
        return bboxes, self.renderer.render(render_rng, peaks)

    def config(self) -> dict:
        """The detector's parameters as plain JSON-able values."""
        return dict(
            boxes=self.boxes.config(),
            errors=self.errors.config(),
            renderer=self.renderer.config())
