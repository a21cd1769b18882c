"""Refining whole sequences: ``init_refiner`` and ``refine_sequence``.

Not imported by ``import mmclimb``; use ``from mmclimb.apis import
init_refiner, refine_sequence``.
"""
from mmclimb.structures import fill_missing_keypoints
from .inference import DEFAULT_BATCH_SIZES, init_refiner, refine_sequence
from .keypoint_sequence import KeypointSequence
from .onnx_export import (OnnxMismatchError, check_onnx, export_onnx,
                          onnx_max_abs_diff)
from .onnxruntime_refiner import (BACKENDS, OnnxRuntimeRefiner,
                                  onnxruntime_session)
from .refiner_inputs import RefinerInputs, keypoint_boxes, sequence_boxes
from .refiner_settings import RefinerSettings
from .sequence_inputs import (KEYPOINT_KEYS, SCORE_KEYS, SequenceInputError,
                              load_sequence, sequence_from_keypoints)
from .sliding_windows import (FrameAverager, pad_index, window_index,
                              window_starts)

__all__ = [
    'BACKENDS', 'DEFAULT_BATCH_SIZES', 'FrameAverager', 'KEYPOINT_KEYS',
    'KeypointSequence', 'OnnxMismatchError', 'OnnxRuntimeRefiner',
    'RefinerInputs', 'RefinerSettings', 'SCORE_KEYS', 'SequenceInputError',
    'check_onnx', 'export_onnx', 'fill_missing_keypoints', 'init_refiner',
    'keypoint_boxes', 'load_sequence', 'onnx_max_abs_diff',
    'onnxruntime_session', 'pad_index', 'refine_sequence', 'sequence_boxes',
    'sequence_from_keypoints', 'window_index', 'window_starts'
]
