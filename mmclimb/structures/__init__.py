from .box_heatmap_coords import (clip_to_heatmap, heatmap_to_image,
                                 image_to_heatmap)
from .heatmap_decoding import (heatmap_argmax, refine_gaussian_peak,
                               refine_quarter_pixel)
from .heatmap_rendering import gaussian_sums, render_gaussians
from .implausible_keypoints import (FAR_FACTOR, implausible_keypoints,
                                    keypoint_radii)
from .keypoint_tree import CLIMBALONG_PARENTS
from .missing_keypoints import fill_missing_keypoints
from .person_switches import person_segments
from .pose_tracker import PoseTracker
from .prediction_source import (COORDINATE_PREDICTION, HEATMAP_PREDICTION,
                                PREDICTION_SOURCE_KEY, PREDICTION_SOURCES)
from .window_box import frame_extents, window_boxes

__all__ = [
    'CLIMBALONG_PARENTS', 'COORDINATE_PREDICTION', 'FAR_FACTOR',
    'HEATMAP_PREDICTION', 'PREDICTION_SOURCE_KEY', 'PREDICTION_SOURCES',
    'PoseTracker', 'clip_to_heatmap', 'fill_missing_keypoints',
    'frame_extents', 'gaussian_sums', 'heatmap_argmax', 'heatmap_to_image',
    'image_to_heatmap', 'implausible_keypoints', 'keypoint_radii',
    'person_segments', 'refine_gaussian_peak', 'refine_quarter_pixel',
    'render_gaussians', 'window_boxes'
]
