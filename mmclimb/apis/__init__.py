"""Refining whole sequences: ``init_refiner`` and ``refine_sequence``.

Not imported by ``import mmclimb``; use ``from mmclimb.apis import
init_refiner, refine_sequence``.
"""
from mmclimb.structures import fill_missing_keypoints
from .inference import (DEFAULT_BATCH_SIZES, UntrainedRefinerWarning,
                        init_refiner, refine_sequence)
from .keypoint_sequence import KeypointSequence
from .refiner_inputs import RefinerInputs, keypoint_boxes, sequence_boxes
from .refiner_settings import RefinerSettings
from .sequence_inputs import (KEYPOINT_KEYS, SCORE_KEYS, SequenceInputError,
                              load_sequence, sequence_from_keypoints)
from .sliding_windows import (FrameAverager, pad_index, window_index,
                              window_starts)

__all__ = [
    'DEFAULT_BATCH_SIZES', 'FrameAverager', 'KEYPOINT_KEYS',
    'KeypointSequence', 'RefinerInputs', 'RefinerSettings', 'SCORE_KEYS',
    'SequenceInputError', 'UntrainedRefinerWarning', 'fill_missing_keypoints', 'init_refiner',
    'keypoint_boxes', 'load_sequence', 'pad_index', 'refine_sequence',
    'sequence_boxes', 'sequence_from_keypoints', 'window_index',
    'window_starts'
]
