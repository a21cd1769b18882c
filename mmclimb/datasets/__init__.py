from .climbalong_dataset import CLIMBALONG_METAINFO_FILE, ClimbAlongDataset
from .climbalong_video import (ClimbAlongFormatError, ClimbAlongVideo,
                               check_heatmaps)
from .cmu_mocap_dataset import CMUMocapDataset
from .data_warning import (DataWarning, caught_data_warnings,
                           summarise_data_warnings, warn_data)
from .frame_pipeline import FramePipeline
from .keypoint_mappings import (CLIMBALONG_KEYPOINTS, KEYPOINT_MAPPINGS,
                                KeypointMapping, get_keypoint_mapping,
                                map_keypoints)
from .keypoint_npz_dataset import KeypointNpzDataset
from .keypoint_sequence_dataset import (KeypointSequenceDataset,
                                        KeypointSequenceFormatError)
from .penn_action_dataset import PennActionDataset
from .posetrack_video_dataset import PoseTrackVideoDataset
from .samplers import SeededIndex, WindowSeedSampler
from .simulated_detections import simulate_clip_detections
from .window_dataset import WindowDataset
from .transforms import (DecodeHeatmaps, NormalizeHeatmaps, PackWindowInputs,
                         ProjectKeypointsToBox, RandomLeftRightFlip,
                         RandomMirrorMotion, RandomTemporalFlip,
                         RandomVirtualCamera, RenderGaussianHeatmaps,
                         ResampleFrameRate, SimulateDetectorCoordinates,
                         SimulateDetectorNoise, SimulateDetectorScores,
                         SimulateKeypointNoise, SimulateSegmentEdge,
                         WindowPersonBox)
from .splits import (load_split, num_windows, per_video_split, resolve_split,
                     save_split, thesis_split)

__all__ = [
    'CLIMBALONG_METAINFO_FILE', 'CMUMocapDataset', 'ClimbAlongDataset',
    'ClimbAlongFormatError', 'ClimbAlongVideo', 'FramePipeline', 'load_split',
    'num_windows', 'per_video_split', 'resolve_split', 'save_split', 'thesis_split', 'DecodeHeatmaps',
    'NormalizeHeatmaps', 'PackWindowInputs', 'ProjectKeypointsToBox',
    'RandomLeftRightFlip', 'RandomMirrorMotion', 'RandomTemporalFlip',
    'RandomVirtualCamera', 'RenderGaussianHeatmaps', 'ResampleFrameRate',
    'SimulateDetectorCoordinates', 'SimulateDetectorNoise', 'SimulateDetectorScores',
    'SimulateKeypointNoise', 'SimulateSegmentEdge', 'WindowPersonBox',
    'CLIMBALONG_KEYPOINTS', 'KEYPOINT_MAPPINGS', 'simulate_clip_detections',
    'KeypointMapping', 'get_keypoint_mapping', 'map_keypoints',
    'KeypointNpzDataset', 'KeypointSequenceDataset',
    'KeypointSequenceFormatError', 'PennActionDataset', 'PoseTrackVideoDataset',
    'WindowDataset', 'SeededIndex', 'WindowSeedSampler', 'DataWarning',
    'caught_data_warnings', 'summarise_data_warnings', 'warn_data',
    'check_heatmaps'
]
