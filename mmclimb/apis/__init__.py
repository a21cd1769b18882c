"""Refining whole sequences (``init_refiner``, ``refine_sequence``; for
every person of a video, ``refine_tracks``) and live streams with a bounded
lag (``StreamingRefiner``).

Not imported by ``import mmclimb``; use ``from mmclimb.apis import
init_refiner, refine_sequence``.
"""
from mmclimb.structures import fill_missing_keypoints
from .converted_checkpoints import (check_against_config,
                                    load_source_state_dict, save_converted)
from .frame_contract import FrameContract
from .inference import (DEFAULT_BATCH_SIZES, UntrainedRefinerWarning,
                        init_refiner, refine_sequence, refine_tracks)
from .keypoint_sequence import KeypointSequence
from .multi_person_stream import MultiPersonStream, PersonStream
from .onnx_export import (OnnxMismatchError, check_onnx, export_onnx,
                          onnx_max_abs_diff)
from .onnxruntime_refiner import (BACKENDS, OnnxRuntimeRefiner,
                                  onnxruntime_session)
from .person_tracks import PersonTracks, TrackSegment
from .refiner_inputs import RefinerInputs, keypoint_boxes, sequence_boxes
from .refiner_settings import RefinerSettings
from .sequence_inputs import (KEYPOINT_KEYS, PredictedInstance, SCORE_KEYS,
                              SequenceInputError, load_sequence,
                              read_predictions, sequence_from_keypoints)
from .sliding_windows import (WINDOW_WEIGHTINGS, FrameAverager, pad_index,
                              segment_windows, window_index, window_starts,
                              window_weights)
from .streaming_refiner import StreamingRefiner, stream_sequence
from .track_inputs import load_tracks, tracks_from_instances

__all__ = [
    'BACKENDS', 'DEFAULT_BATCH_SIZES', 'FrameAverager', 'FrameContract',
    'KEYPOINT_KEYS',
    'KeypointSequence', 'MultiPersonStream', 'OnnxMismatchError',
    'OnnxRuntimeRefiner', 'PersonStream', 'PersonTracks',
    'PredictedInstance', 'RefinerInputs', 'RefinerSettings', 'SCORE_KEYS',
    'SequenceInputError', 'StreamingRefiner', 'TrackSegment',
    'UntrainedRefinerWarning', 'WINDOW_WEIGHTINGS', 'check_against_config',
    'check_onnx', 'export_onnx', 'fill_missing_keypoints', 'init_refiner',
    'keypoint_boxes', 'load_sequence', 'load_source_state_dict',
    'load_tracks', 'onnx_max_abs_diff', 'onnxruntime_session', 'pad_index',
    'read_predictions', 'refine_sequence', 'refine_tracks',
    'save_converted', 'segment_windows', 'sequence_boxes',
    'sequence_from_keypoints', 'stream_sequence', 'tracks_from_instances',
    'window_index', 'window_starts', 'window_weights'
]
