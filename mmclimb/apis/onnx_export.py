"""Exporting a refiner's model to ONNX, checked against PyTorch.

Symbols: B windows (the graph's one dynamic axis, ``batch``), L frames per
window, K keypoints, H x W heatmaps.

Contract:
    - :func:`export_onnx` serialises the forward of a refiner's head (what
      :func:`~mmclimb.apis.refine_sequence` calls the model for) as an ONNX
      graph: one float32 input ``inputs``, the config's window
      (:meth:`~mmclimb.apis.RefinerSettings.window_shape`: (B, L, K, H, W)
      heatmaps or (B, L, 2K) coordinates, (B, L, 3K) with the scores of a
      score-aware refiner), one float32 output ``outputs`` of
      the head's output shape ((B, L, K, H, W) heatmaps or (B, L, 2K)
      coordinates). L, K, H and W are fixed to the config's; only B varies.
    - :func:`onnx_max_abs_diff` runs the graph in onnxruntime and the head
      in PyTorch on the same random windows (values in [0, 1)) at two batch
      sizes and returns the largest absolute difference of their outputs.
    - :func:`check_onnx` raises :class:`OnnxMismatchError` when that
      difference exceeds a tolerance (1e-4 by default).
"""
import io
import warnings
from typing import Union

import numpy as np
import torch
from torch import nn

from mmclimb.models.heads import BaseFilterHead
from .onnxruntime_refiner import onnxruntime_session

__all__ = [
    'DEFAULT_OPSET', 'OnnxMismatchError', 'check_onnx', 'export_onnx',
    'onnx_max_abs_diff'
]

#: the ONNX opset written by default (onnxruntime 1.32 runs up to 23)
DEFAULT_OPSET = 17
#: the graph's input and output names
INPUT_NAME, OUTPUT_NAME = 'inputs', 'outputs'


class OnnxMismatchError(RuntimeError):
    """The exported graph's outputs differ from PyTorch's."""


def _random_windows(refiner: nn.Module, batch_size: int,
                    seed: int) -> torch.Tensor:
    """(B, L, ...) random windows in [0, 1) of the refiner's input."""
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(
        refiner.refine_settings.window_shape(batch_size), generator=generator)


def export_onnx(refiner: nn.Module,
                batch_size: int = 1,
                opset: int = DEFAULT_OPSET) -> bytes:
    """The ONNX graph of a refiner's head.

    Args:
        refiner (nn.Module): From :func:`~mmclimb.apis.init_refiner` (the
            PyTorch backend, on the CPU), a learned refiner.
        batch_size (int): B of the example input that is traced; the graph
            takes any B. Defaults to 1.
        opset (int): The ONNX opset. Defaults to :data:`DEFAULT_OPSET`.

    Returns:
        bytes: The serialised graph, checked by ``onnx.checker``.
    """
    import onnx
    head = refiner.head
    if isinstance(head, BaseFilterHead):
        raise ValueError(f'{type(head).__name__} is a classical filter (whole '
                         'trajectories, no window model): nothing to export')
    example = _random_windows(refiner, batch_size, 0)
    buffer = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        # the TorchScript exporter, deprecated in favour of the dynamo one
        # (which needs onnxscript), traces the heads' fixed-L forward fine
        warnings.filterwarnings(
            'ignore', 'You are using the legacy TorchScript-based ONNX',
            DeprecationWarning)
        torch.onnx.export(
            head.eval(), (example, ),
            buffer,
            input_names=[INPUT_NAME],
            output_names=[OUTPUT_NAME],
            dynamic_axes={
                INPUT_NAME: {
                    0: 'batch'
                },
                OUTPUT_NAME: {
                    0: 'batch'
                }
            },
            opset_version=opset,
            dynamo=False)
        output_shape = head(example).shape
    model = onnx.load_from_string(buffer.getvalue())
    _declare_output_shape(model, output_shape)
    onnx.checker.check_model(model)
    return model.SerializeToString()


def _declare_output_shape(model, shape: torch.Size) -> None:
    """Declare the output's fixed axes (the head's output shape after B),
    which the tracer leaves symbolic after some reshapes."""
    dims = model.graph.output[0].type.tensor_type.shape.dim
    for dim, size in zip(list(dims)[1:], shape[1:]):
        dim.Clear()
        dim.dim_value = size


def onnx_max_abs_diff(refiner: nn.Module,
                      graph: Union[str, bytes],
                      batch_size: int = 1,
                      seed: int = 0) -> float:
    """Largest |onnxruntime - PyTorch| of the head's outputs.

    Args:
        refiner (nn.Module): The PyTorch refiner the graph was exported
            from.
        graph (str | bytes): The ``.onnx`` file or its bytes.
        batch_size (int): The windows are compared at B and B + 1 (so the
            dynamic batch axis is exercised). Defaults to 1.
        seed (int): Seed of the random windows. Defaults to 0.

    Returns:
        float: The maximum absolute difference over both batches.
    """
    session = onnxruntime_session(graph)
    worst = 0.0
    for batch in (batch_size, batch_size + 1):
        windows = _random_windows(refiner, batch, seed + batch)
        with torch.no_grad():
            expected = refiner.head.eval()(windows).float().numpy()
        actual = session.run([OUTPUT_NAME],
                             {INPUT_NAME: windows.numpy()})[0]
        if actual.shape != expected.shape:
            raise OnnxMismatchError(
                f'the graph returns {actual.shape} for a batch of {batch}, '
                f'PyTorch {expected.shape}')
        worst = max(worst, float(np.abs(actual - expected).max()))
    return worst


def check_onnx(refiner: nn.Module,
               graph: Union[str, bytes],
               batch_size: int = 1,
               atol: float = 1e-4,
               seed: int = 0) -> float:
    """:func:`onnx_max_abs_diff`, raising when it exceeds ``atol``.

    Returns:
        float: The maximum absolute difference (<= ``atol``).

    Raises:
        OnnxMismatchError: With the difference, when it exceeds ``atol``.
    """
    diff = onnx_max_abs_diff(refiner, graph, batch_size, seed)
    if not diff <= atol:  # NaN fails too
        raise OnnxMismatchError(
            f'onnxruntime and PyTorch differ by up to {diff:.3g} (max '
            f'absolute difference) on random windows, more than {atol:g}')
    return diff
