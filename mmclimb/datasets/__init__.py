from .climbalong_dataset import CLIMBALONG_METAINFO_FILE, ClimbAlongDataset
from .climbalong_video import ClimbAlongFormatError, ClimbAlongVideo
from .transforms import (DecodeHeatmaps, NormalizeHeatmaps, PackWindowInputs,
                         ProjectKeypointsToBox, RandomLeftRightFlip,
                         RandomTemporalFlip, RenderGaussianHeatmaps,
                         SimulateDetectorNoise)
from .splits import (load_split, num_windows, per_video_split, resolve_split,
                     save_split, thesis_split)

__all__ = [
    'CLIMBALONG_METAINFO_FILE', 'ClimbAlongDataset', 'ClimbAlongFormatError',
    'ClimbAlongVideo', 'load_split', 'num_windows', 'per_video_split',
    'resolve_split', 'save_split', 'thesis_split', 'DecodeHeatmaps',
    'NormalizeHeatmaps', 'PackWindowInputs', 'ProjectKeypointsToBox',
    'RandomLeftRightFlip', 'RandomTemporalFlip', 'RenderGaussianHeatmaps',
    'SimulateDetectorNoise'
]
