from .box_heatmap_coords import (clip_to_heatmap, heatmap_to_image,
                                 image_to_heatmap)
from .heatmap_decoding import (heatmap_argmax, refine_gaussian_peak,
                               refine_quarter_pixel)
from .heatmap_rendering import render_gaussians
from .implausible_keypoints import FAR_FACTOR, implausible_keypoints
from .missing_keypoints import fill_missing_keypoints
from .window_box import frame_extents, window_boxes

__all__ = [
    'FAR_FACTOR', 'clip_to_heatmap', 'fill_missing_keypoints',
    'frame_extents', 'heatmap_argmax', 'heatmap_to_image', 'image_to_heatmap',
    'implausible_keypoints', 'refine_gaussian_peak',
    'refine_quarter_pixel', 'render_gaussians', 'window_boxes'
]
