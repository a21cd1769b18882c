from .decode_heatmaps import DecodeHeatmaps
from .normalize_heatmaps import NormalizeHeatmaps
from .pack_window_inputs import PackWindowInputs
from .project_keypoints_to_box import ProjectKeypointsToBox
from .random_left_right_flip import RandomLeftRightFlip
from .random_mirror_motion import RandomMirrorMotion
from .random_temporal_flip import RandomTemporalFlip
from .random_virtual_camera import RandomVirtualCamera
from .render_gaussian_heatmaps import RenderGaussianHeatmaps
from .resample_frame_rate import ResampleFrameRate
from .simulate_detector_coordinates import SimulateDetectorCoordinates
from .simulate_detector_noise import SimulateDetectorNoise
from .simulate_detector_scores import SimulateDetectorScores
from .simulate_keypoint_noise import SimulateKeypointNoise
from .simulate_segment_edge import SimulateSegmentEdge
from .window_person_box import WindowPersonBox
from .window_rng import window_rng

__all__ = [
    'DecodeHeatmaps', 'NormalizeHeatmaps', 'PackWindowInputs',
    'ProjectKeypointsToBox', 'RandomLeftRightFlip', 'RandomMirrorMotion',
    'RandomTemporalFlip', 'RandomVirtualCamera', 'RenderGaussianHeatmaps',
    'ResampleFrameRate', 'SimulateDetectorCoordinates',
    'SimulateDetectorNoise', 'SimulateDetectorScores',
    'SimulateKeypointNoise',
    'SimulateSegmentEdge', 'WindowPersonBox', 'window_rng'
]
