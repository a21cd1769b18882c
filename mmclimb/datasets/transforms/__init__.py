from .decode_heatmaps import DecodeHeatmaps
from .normalize_heatmaps import NormalizeHeatmaps
from .pack_window_inputs import PackWindowInputs
from .project_keypoints_to_box import ProjectKeypointsToBox
from .random_left_right_flip import RandomLeftRightFlip
from .random_temporal_flip import RandomTemporalFlip
from .render_gaussian_heatmaps import RenderGaussianHeatmaps
from .simulate_detector_noise import SimulateDetectorNoise

__all__ = [
    'DecodeHeatmaps', 'NormalizeHeatmaps', 'PackWindowInputs',
    'ProjectKeypointsToBox', 'RandomLeftRightFlip', 'RandomTemporalFlip',
    'RenderGaussianHeatmaps', 'SimulateDetectorNoise'
]
