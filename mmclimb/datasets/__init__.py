from .climbalong_dataset import CLIMBALONG_METAINFO_FILE, ClimbAlongDataset
from .climbalong_video import ClimbAlongFormatError, ClimbAlongVideo
from .frame_pipeline import FramePipeline
from .keypoint_mappings import (CLIMBALONG_KEYPOINTS, KEYPOINT_MAPPINGS,
                                KeypointMapping, get_keypoint_mapping,
                                map_keypoints)
from .keypoint_npz_dataset import KeypointNpzDataset
from .keypoint_sequence_dataset import (KeypointSequenceDataset,
                                        KeypointSequenceFormatError)
from .penn_action_dataset import PennActionDataset
from .posetrack_video_dataset import PoseTrackVideoDataset
from .window_dataset import WindowDataset
from .transforms import (DecodeHeatmaps, NormalizeHeatmaps, PackWindowInputs,
                         ProjectKeypointsToBox, RandomLeftRightFlip,
                         RandomTemporalFlip, RenderGaussianHeatmaps,
                         SimulateDetectorNoise)
from .splits import (load_split, num_windows, per_video_split, resolve_split,
                     save_split, thesis_split)

__all__ = [
    'CLIMBALONG_METAINFO_FILE', 'ClimbAlongDataset', 'ClimbAlongFormatError',
    'ClimbAlongVideo', 'FramePipeline', 'load_split', 'num_windows', 'per_video_split',
    'resolve_split', 'save_split', 'thesis_split', 'DecodeHeatmaps',
    'NormalizeHeatmaps', 'PackWindowInputs', 'ProjectKeypointsToBox',
    'RandomLeftRightFlip', 'RandomTemporalFlip', 'RenderGaussianHeatmaps',
    'SimulateDetectorNoise', 'CLIMBALONG_KEYPOINTS', 'KEYPOINT_MAPPINGS',
    'KeypointMapping', 'get_keypoint_mapping', 'map_keypoints',
    'KeypointNpzDataset', 'KeypointSequenceDataset',
    'KeypointSequenceFormatError', 'PennActionDataset', 'PoseTrackVideoDataset',
    'WindowDataset'
]
