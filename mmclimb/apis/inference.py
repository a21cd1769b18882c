"""Refining whole sequences of any length with any mmclimb refiner.

Symbols: T frames of the sequence, L frames per window (the refiner's
``seq_len``), s the stride, N windows, K keypoints, H x W heatmap size.

Contract:
    - :func:`init_refiner` builds the refiner of a config
      (``TemporalPoseEstimator`` with a learned head or a classical filter),
      loads its checkpoint strictly (every key and shape must match, else a
      :class:`~mmclimb.utils.CheckpointMismatchError` lists the offending
      keys; ``partial_load=True`` loads what matches and logs the rest),
      puts it in eval mode on ``device`` (checked first:
      :func:`~mmclimb.utils.check_device`) and keeps ``cfg`` and
      :class:`RefinerSettings` on it, with the precision it runs in
      (``precision='auto'``: the config's ``inference_precision`` where the
      device has bf16 units, else fp32). A refiner with parameters built
      without a checkpoint warns (:class:`UntrainedRefinerWarning`) that
      it is untrained; the Identity and the classical filters have none.
    - :func:`refine_sequence` returns refined keypoints (T, K, 2) float32 in
      image pixels and scores (T, K) float32 for a sequence of any T >= 1:

      * learned refiners (and the Identity): windows of L frames every s
        frames, the last one aligned to the end so the tail is covered, a
        sequence shorter than L padded by repeating its last frame (and
        the output cropped). Windows run in batches, in the refiner's
        precision (bf16 autocast or fp32; the outputs in float32); every
        window's output
        is mapped to image pixels through each frame's box (or the
        window's one box, for refiners trained with ``WindowPersonBox``)
        and the outputs of overlapping windows are averaged per frame,
        each window position weighted by the config's
        ``inference_window_weighting``
        (:func:`~mmclimb.apis.sliding_windows.window_weights`; ``'uniform'``
        unless a config says otherwise, ``'centre'`` for the general
        DeciWatch); with the config's ``inference_edge_padding`` e, each
        segment is first extended by e copies of its first and last frame
        (:func:`~mmclimb.apis.sliding_windows.segment_windows`; 0 unless a
        config says otherwise).
        Heatmap refiners give the refined heatmaps' maxima as their head
        decodes them (integer argmax, or sub-pixel) and peak value (scores);
        with a window box, a keypoint whose input lies off the window's
        grid keeps its input position (its channel has nothing to refine);
        coordinate refiners (DeciWatch) have no confidence of their own and
        return the input's scores.
      * classical filters (:class:`~mmclimb.models.heads.BaseFilterHead`):
        the whole trajectory at once, in image pixels divided by the median
        person-box width and height; the input's scores.

      Missing detections are filled before refining (and keep score 0 for
      coordinate refiners and filters). Where the keypoints change person
      (a single-person detector that lost one person and picked up
      another: :func:`~mmclimb.structures.person_segments`), each person's
      run of frames is refined on its own, as :func:`refine_tracks` does,
      so no window or filter blends two people (``split_persons=False``
      refines the sequence as one).
    - :func:`refine_tracks` refines every person of a video
      (:class:`~mmclimb.apis.PersonTracks`), each track on its own and all
      tracks' windows in the same batches; it returns PersonTracks with
      outputs only where a person is present.
"""
import warnings
from dataclasses import replace
from typing import Optional, Sequence, Tuple, Union

import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.utils import ProgressBar
from mmpose.registry import MODELS
from torch import Tensor, nn

from mmclimb.models.heads import BaseFilterHead
from mmclimb.structures import (fill_missing_keypoints, heatmap_to_image,
                                person_segments)
from mmclimb.utils import (check_device, count_parameters,
                           load_model_checkpoint, precision_context,
                           resolve_precision)
from .keypoint_sequence import KeypointSequence
from .onnxruntime_refiner import OnnxRuntimeRefiner, check_backend
from .person_tracks import PersonTracks
from .refiner_inputs import RefinerInputs, sequence_boxes
from .refiner_settings import RefinerSettings
from .sequence_inputs import (check_num_keypoints, check_sequence_heatmaps,
                              load_sequence, sequence_from_keypoints)
from .sliding_windows import FrameAverager, segment_windows, window_weights
from .track_inputs import load_tracks

__all__ = [
    'as_sequence', 'init_refiner', 'refine_sequence', 'refine_tracks',
    'window_outputs', 'DEFAULT_BATCH_SIZES', 'UntrainedRefinerWarning'
]

#: windows per model call when ``batch_size`` is not given
DEFAULT_BATCH_SIZES = dict(coordinates=1024, heatmaps=32)


class UntrainedRefinerWarning(UserWarning):
    """A refiner with parameters was built without a checkpoint."""


def init_refiner(config: Union[str, Config],
                 checkpoint: Optional[str] = None,
                 device: str = 'cpu',
                 cfg_options: Optional[dict] = None,
                 backend: str = 'pytorch',
                 onnx_file: Optional[str] = None,
                 precision: str = 'auto',
                 partial_load: bool = False) -> nn.Module:
    """Build a refiner from its config, ready for :func:`refine_sequence`.

    Args:
        config (str | Config): Config file or object (``configs/*.py``).
        checkpoint (str, optional): Weights to load; a classical filter or
            the Identity needs none. Without one the model is initialised
            by its ``init_cfg`` (``init_weights``), as training starts, and
            a model with parameters warns that it is untrained.
        device (str): Defaults to ``'cpu'``.
        cfg_options (dict, optional): Overrides merged into the config.
        backend (str): ``'pytorch'``, or ``'onnxruntime'`` to run the model
            as the graph ``onnx_file`` (:class:`OnnxRuntimeRefiner`; CPU;
            no checkpoint needed). Defaults to ``'pytorch'``.
        onnx_file (str, optional): The graph of
            ``tools/deployment/export_onnx.py`` for this config.
        precision (str): ``'auto'`` (the config's ``inference_precision``
            where ``device`` has bf16 units, else ``'fp32'``), ``'fp32'``
            or ``'bf16'``; kept as ``refine_settings.precision`` (always
            ``'fp32'`` for the onnxruntime backend: the graph runs as
            exported).
        partial_load (bool): Load only the checkpoint's tensors whose key
            and shape match the model, log what was not loaded. Defaults to
            False: every key and shape must match.

    Returns:
        nn.Module: The model in eval mode, with ``cfg`` and
        ``refine_settings`` (:class:`RefinerSettings`) attributes.

    Raises:
        CheckpointMismatchError: The checkpoint does not fit the model
            (not raised with ``partial_load``).
        ValueError: ``device`` cannot be used on this machine.
    """
    check_backend(backend, onnx_file, device)
    import mmclimb  # noqa: F401  registers modules, allow-lists globals
    check_device(device)
    cfg = Config.fromfile(config) if not isinstance(config,
                                                    Config) else config
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    model = MODELS.build(cfg.model)
    if checkpoint is not None:
        load_model_checkpoint(model, checkpoint, partial=partial_load)
    else:
        # as the Runner builds it (e.g. a head that starts as the identity)
        model.init_weights()
        if backend != 'onnxruntime':  # the graph holds the weights
            _warn_untrained(model, cfg)
    model.cfg = cfg
    settings = RefinerSettings.from_config(cfg)
    settings.precision = 'fp32' if backend == 'onnxruntime' else \
        resolve_precision(precision, settings.precision, device)
    model.refine_settings = settings
    if backend == 'onnxruntime':
        return OnnxRuntimeRefiner(model.eval(), onnx_file)
    return model.to(device).eval()


def _warn_untrained(model: nn.Module, cfg: Config) -> None:
    """One warning when a model with parameters has no checkpoint."""
    num_params = count_parameters(model)
    if num_params:
        source = getattr(cfg, 'filename', None) or 'the config'
        warnings.warn(
            f'{source}: no checkpoint given: the refiner\'s {num_params:,} '
            'parameters are at their initialisation, so its output is an '
            'UNTRAINED model\'s; give its checkpoint', UntrainedRefinerWarning,
            stacklevel=3)


def as_sequence(refiner: nn.Module, sequence, key: Optional[str]
                 ) -> KeypointSequence:
    """A KeypointSequence from a path, an array or a KeypointSequence."""
    settings = refiner.refine_settings
    num_keypoints = settings.num_keypoints
    if isinstance(sequence, KeypointSequence):
        check_num_keypoints(sequence.source, 'keypoints',
                            sequence.num_keypoints, num_keypoints)
        if sequence.heatmaps is not None:
            check_sequence_heatmaps(sequence.source, sequence.heatmaps,
                                    num_keypoints, settings.heatmap_size)
        return sequence
    if isinstance(sequence, (np.ndarray, torch.Tensor)):
        return sequence_from_keypoints(
            np.asarray(sequence), num_keypoints=num_keypoints)
    return load_sequence(
        sequence,
        key=key,
        num_keypoints=num_keypoints,
        heatmap_size=settings.heatmap_size)


def _device(refiner: nn.Module) -> torch.device:
    preprocessor = getattr(refiner, 'data_preprocessor', None)
    return getattr(preprocessor, 'device', torch.device('cpu'))


def _decode(refiner: nn.Module, outputs: Tensor):
    """Window outputs -> heatmap coordinates (n, L, K, 2) and scores
    (n, L, K) or None; heatmaps as the head decodes them."""
    settings = refiner.refine_settings
    if settings.input_kind == 'heatmaps':
        return refiner.head.decode(outputs)
    width, height = settings.heatmap_size
    scale = outputs.new_tensor([width - 1, height - 1])
    return outputs.reshape(*outputs.shape[:2], -1, 2) * scale, None


def _keep_off_grid(positions: Tensor, coords: np.ndarray,
                   heatmap_size) -> Tensor:
    """A keypoint whose input lies off a window's heatmap grid had no
    Gaussian to refine (its channel is empty): keep its input position.

    Args:
        positions (Tensor): (n, L, K, 2) decoded heatmap coordinates.
        coords (np.ndarray): (n, L, K, 2) the input in the same frame.
        heatmap_size (tuple[int, int]): (W, H).
    """
    width, height = heatmap_size
    off = ~((coords >= 0) & (coords <= np.array([width - 1, height - 1]))
            ).all(axis=-1)
    if not off.any():
        return positions
    kept = positions.clone()
    kept[torch.from_numpy(off)] = torch.from_numpy(
        coords[off].astype(np.float32)).to(kept.dtype)
    return kept


def window_outputs(refiner: nn.Module,
                   inputs: RefinerInputs,
                   index: Tensor,
                   precision: Optional[str] = None
                   ) -> Tuple[Tensor, Optional[Tensor]]:
    """One model call on some windows, mapped to image pixels.

    Args:
        refiner (nn.Module): From :func:`init_refiner` (a learned refiner
            or the Identity).
        inputs (RefinerInputs): The sequence's model inputs.
        index (Tensor): (n, L) int64 frames of n windows.
        precision (str, optional): ``'fp32'`` or ``'bf16'``; None for the
            refiner's own (``refine_settings.precision``).

    Returns:
        tuple: keypoints (n, L, K, 2) float64 image pixels and, for heatmap
        refiners, the refined peak values (n, L, K) float32 (else None).
    """
    settings = refiner.refine_settings
    windows, boxes, coords = inputs.windows(index)
    device = _device(refiner)
    with precision_context(precision or settings.precision, device):
        outputs = refiner(windows.to(device), None, mode='tensor')
    outputs = outputs.float()  # float32 for decoding and averaging
    positions, values = _decode(refiner, outputs)
    if coords is not None and settings.input_kind == 'heatmaps':
        positions = _keep_off_grid(positions.cpu(), coords,
                                   settings.heatmap_size)
    keypoints = heatmap_to_image(positions.cpu().double(),
                                 torch.from_numpy(boxes).double(),
                                 settings.heatmap_size)
    return keypoints, None if values is None else values.cpu()


def _refine_windows(refiner: nn.Module, sequence: KeypointSequence,
                    bboxes: np.ndarray, lengths: Sequence[int],
                    batch_size: int, stride: int, progress: bool,
                    precision: str) -> Tuple[np.ndarray, np.ndarray]:
    """Sliding windows over each segment, batched across all of them,
    averaged per frame."""
    settings = refiner.refine_settings
    inputs = RefinerInputs(settings, sequence, bboxes)
    frame_of, index, first_rows = segment_windows(lengths, settings.seq_len,
                                                  stride,
                                                  settings.edge_padding)
    shape = (sequence.num_keypoints, )
    weights = window_weights(settings.seq_len, settings.window_weighting)
    keypoints = FrameAverager(len(frame_of), shape + (2, ), weights)
    scores = FrameAverager(len(frame_of), shape, weights)
    num_batches = len(range(0, len(index), batch_size))
    bar = ProgressBar(num_batches) if progress and num_batches > 1 else None
    for first in range(0, len(index), batch_size):
        batch = index[first:first + batch_size]
        positions, values = window_outputs(refiner, inputs, frame_of[batch],
                                           precision)
        keypoints.add(batch, positions)
        if values is not None:
            scores.add(batch, values)
        if bar is not None:
            bar.update()
    # each segment's own frames, without its padding rows
    rows = torch.cat([
        torch.arange(int(length)) + first
        for length, first in zip(lengths, first_rows)
    ]).numpy()
    refined = keypoints.mean()[rows]
    if settings.input_kind == 'heatmaps':
        return refined, scores.mean()[rows]
    return refined, sequence.scores.copy()


def _refine_whole(refiner: nn.Module, keypoints: np.ndarray,
                  bboxes: np.ndarray) -> np.ndarray:
    """A classical filter over a whole trajectory (n, K, 2)."""
    size = np.median(bboxes[:, 2:] - bboxes[:, :2], axis=0)  # (2,) w, h
    size = np.maximum(size, 1.0)
    coords = torch.from_numpy(
        (keypoints / size).astype(np.float32)).flatten(1)
    out = refiner(coords[None].to(_device(refiner)), None, mode='tensor')[0]
    refined = out.cpu().double().numpy().reshape(keypoints.shape)
    return (refined * size).astype(np.float32)


def _refine(refiner: nn.Module, sequence: KeypointSequence,
            lengths: Sequence[int], batch_size: Optional[int],
            stride: Optional[int], progress: bool,
            precision: Optional[str] = None) -> Tuple[np.ndarray, np.ndarray]:
    """Refine segments of ``lengths`` frames laid end to end in
    ``sequence``, each on its own: (sum(lengths), K, 2) and (.., K)."""
    bboxes = sequence_boxes(sequence)
    if isinstance(getattr(refiner, 'head', None), BaseFilterHead):
        bounds = np.cumsum([0, *lengths])
        refined = [
            _refine_whole(refiner, sequence.keypoints[a:b], bboxes[a:b])
            for a, b in zip(bounds[:-1], bounds[1:])
        ]
        return np.concatenate(refined), sequence.scores.copy()
    settings = refiner.refine_settings
    if batch_size is None:
        batch_size = DEFAULT_BATCH_SIZES[settings.input_kind]
    if batch_size < 1:
        raise ValueError(f'batch_size must be >= 1, got {batch_size}')
    if stride is None:
        stride = getattr(refiner.head, 'inference_stride', 1)
    return _refine_windows(refiner, sequence, bboxes, lengths, batch_size,
                           stride, progress, precision
                           or settings.precision)


def _fill_each(sequence: KeypointSequence,
               lengths: Sequence[int]) -> KeypointSequence:
    """``sequence`` with its gaps filled from each segment's own
    detections (no position interpolated toward another person)."""
    if len(lengths) == 1:
        return sequence
    bounds = np.cumsum([0, *lengths])
    raw = sequence.raw_keypoints
    keypoints = np.concatenate([
        fill_missing_keypoints(raw[a:b])[0]
        for a, b in zip(bounds[:-1], bounds[1:])
    ])
    return replace(sequence, keypoints=keypoints)


@torch.inference_mode()
def refine_sequence(refiner: nn.Module,
                    sequence,
                    batch_size: Optional[int] = None,
                    stride: Optional[int] = None,
                    key: Optional[str] = None,
                    progress: bool = False,
                    precision: Optional[str] = None,
                    split_persons: bool = True,
                    max_gap: int = 10) -> Tuple[np.ndarray, np.ndarray]:
    """Refine one person's keypoints over a whole video.

    Args:
        refiner (nn.Module): From :func:`init_refiner`.
        sequence (str | np.ndarray | KeypointSequence): A file
            (:func:`~mmclimb.apis.load_sequence`), an array (T, K, 2|3) in
            image pixels, or a loaded sequence.
        batch_size (int, optional): Windows per model call; defaults to
            :data:`DEFAULT_BATCH_SIZES` of the refiner's input kind.
        stride (int, optional): Frames between window starts. Defaults to
            the head's ``inference_stride`` if it has one (DeciWatch:
            ``L - 1``, the official step), else 1 (every frame is refined
            by L windows).
        key (str, optional): The keypoint array of a ``.npz`` input.
        progress (bool): Show a progress bar over the batches (when there
            is more than one).
        precision (str, optional): ``'fp32'`` or ``'bf16'`` (autocast) for
            the windows; defaults to the refiner's
            (``refine_settings.precision``, see :func:`init_refiner`).
            Classical filters run in float32 regardless.
        split_persons (bool): Refine each run of frames that shows one
            person on its own (module docstring). Defaults to True.
        max_gap (int): With ``split_persons``, frames without a detection
            after which the next one counts as another person. Defaults
            to 10.

    Returns:
        tuple: refined keypoints (T, K, 2) float32 in image pixels and
        scores (T, K) float32.
    """
    sequence = as_sequence(refiner, sequence, key)
    lengths = [sequence.num_frames]
    if split_persons:
        lengths = person_segments(sequence.keypoints, ~sequence.missing,
                                  max_gap=max_gap)
        sequence = _fill_each(sequence, lengths)
    return _refine(refiner, sequence, lengths, batch_size, stride, progress,
                   precision)


@torch.inference_mode()
def refine_tracks(refiner: nn.Module,
                  tracks,
                  batch_size: Optional[int] = None,
                  stride: Optional[int] = None,
                  max_gap: int = 10,
                  progress: bool = False) -> PersonTracks:
    """Refine every person of a video, each track on its own.

    Every track is cut into segments at absences longer than ``max_gap``
    frames (:meth:`PersonTracks.segments`); the windows of all segments of
    all tracks run together, in batches of ``batch_size`` windows, as
    :func:`refine_sequence` runs one person's (a segment shorter than a
    window is padded, no window spans two segments or two people).
    Classical filters smooth each segment's whole trajectory.

    Args:
        refiner (nn.Module): From :func:`init_refiner`.
        tracks (str | PersonTracks): A prediction ``.json``
            (:func:`~mmclimb.apis.load_tracks`) or loaded tracks.
        batch_size (int, optional): As in :func:`refine_sequence`.
        stride (int, optional): As in :func:`refine_sequence`.
        max_gap (int): Frames a person may be absent inside one segment
            (and, for a file, unseen by the tracker). Defaults to 10.
        progress (bool): Show a progress bar over the batches.

    Returns:
        PersonTracks: The refined keypoints and scores, the input's ids
        and ``present``; NaN keypoints (score 0) where a person is absent.
    """
    num_keypoints = refiner.refine_settings.num_keypoints
    if not isinstance(tracks, PersonTracks):
        tracks = load_tracks(tracks, num_keypoints, max_gap=max_gap)
    check_num_keypoints(tracks.source, 'keypoints', tracks.num_keypoints,
                        num_keypoints)
    segments = tracks.segments(max_gap)
    lengths = [segment.num_frames for segment in segments]
    keypoints, scores = _refine(refiner, tracks.segment_sequence(segments),
                                lengths, batch_size, stride, progress)
    splits = np.cumsum(lengths)[:-1]
    return tracks.with_outputs(segments, np.split(keypoints, splits),
                               np.split(scores, splits))
