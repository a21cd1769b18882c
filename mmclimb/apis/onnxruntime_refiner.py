"""A refiner whose model runs as an exported ONNX graph in onnxruntime.

Symbols: B windows, L frames per window, K keypoints, H x W heatmaps.

Contract:
    - :class:`OnnxRuntimeRefiner` stands in for the PyTorch refiner of
      :func:`~mmclimb.apis.init_refiner` in
      :func:`~mmclimb.apis.refine_sequence`: called with
      ``mode='tensor'`` on windows (B, L, K, H, W) heatmaps or (B, L, 2K)
      coordinates, float32, it returns what the head's ``forward`` returns,
      computed by the graph of ``tools/deployment/export_onnx.py`` (input
      ``inputs``, output ``outputs``, B dynamic) on onnxruntime's CPU
      execution provider. Everything around the model (windows, rendering,
      decoding, mapping to image pixels, averaging) stays the PyTorch
      path's: it keeps the config's ``cfg``, ``refine_settings`` and
      ``head``, whose ``decode`` and ``inference_stride`` it uses; the
      head's weights are not used.
    - :func:`onnxruntime_session` opens a graph (a file or its bytes).
    - :func:`check_backend` validates ``init_refiner``'s backend arguments.
"""
import os.path as osp
from typing import Optional, Union

import numpy as np
import torch
from torch import Tensor, nn

from mmclimb.models.heads import BaseFilterHead

__all__ = [
    'BACKENDS', 'OnnxRuntimeRefiner', 'check_backend', 'onnxruntime_session'
]

#: the ``backend`` values of :func:`~mmclimb.apis.init_refiner`
BACKENDS = ('pytorch', 'onnxruntime')


def check_backend(backend: str, onnx_file: Optional[str],
                  device: str) -> None:
    """Raise a ``ValueError`` for backend arguments that do not fit.

    Args:
        backend (str): One of :data:`BACKENDS`.
        onnx_file (str, optional): The graph; needed by ``'onnxruntime'``
            and only by it.
        device (str): ``'cpu'`` for ``'onnxruntime'`` (its CPU execution
            provider).
    """
    if backend not in BACKENDS:
        raise ValueError(f'backend must be one of {BACKENDS}, got '
                         f'{backend!r}')
    if backend == 'onnxruntime':
        if onnx_file is None:
            raise ValueError("backend='onnxruntime' needs onnx_file, a graph "
                             'written by tools/deployment/export_onnx.py')
        if torch.device(device).type != 'cpu':
            raise ValueError("backend='onnxruntime' runs on the CPU; got "
                             f'device={device!r}')
    elif onnx_file is not None:
        raise ValueError(f"onnx_file={onnx_file!r} is for "
                         "backend='onnxruntime', got backend='pytorch'")


def onnxruntime_session(model: Union[str, bytes],
                        num_threads: Optional[int] = None):
    """An onnxruntime CPU session on a graph.

    Args:
        model (str | bytes): An ``.onnx`` file or a serialised graph.
        num_threads (int, optional): Threads of one operator
            (``intra_op_num_threads``); None leaves onnxruntime's default
            (the physical cores).

    Returns:
        onnxruntime.InferenceSession: The session, run sequentially.
    """
    import onnxruntime
    if isinstance(model, str) and not osp.isfile(model):
        raise FileNotFoundError(f'{model}: no such ONNX file; write one with '
                                'tools/deployment/export_onnx.py')
    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = 1
    if num_threads is not None:
        options.intra_op_num_threads = num_threads
    return onnxruntime.InferenceSession(
        model, options, providers=['CPUExecutionProvider'])


class OnnxRuntimeRefiner(nn.Module):
    """A refiner config's model as an ONNX graph run by onnxruntime.

    Args:
        model (nn.Module): The refiner as :func:`~mmclimb.apis.init_refiner`
            builds it (``cfg``, ``refine_settings``, ``head``); a learned
            one, not a classical filter.
        onnx_file (str): The graph exported from the same config.
        num_threads (int, optional): See :func:`onnxruntime_session`.
    """

    def __init__(self,
                 model: nn.Module,
                 onnx_file: str,
                 num_threads: Optional[int] = None):
        super().__init__()
        if isinstance(model.head, BaseFilterHead):
            raise ValueError(
                f'{type(model.head).__name__} is a classical filter: it '
                'smooths whole trajectories in PyTorch and has no ONNX graph')
        self.head = model.head
        self.cfg = model.cfg
        self.refine_settings = model.refine_settings
        self.onnx_file = onnx_file
        self.session = onnxruntime_session(onnx_file, num_threads)
        self._check_graph()
        self.eval()

    def _check_graph(self) -> None:
        """The graph's input must be the config's window."""
        graph_input = self.session.get_inputs()[0]
        expected = list(self.refine_settings.window_shape(1)[1:])
        if list(graph_input.shape[1:]) != expected:
            raise ValueError(
                f'{self.onnx_file}: input {graph_input.name!r} has window '
                f'shape {graph_input.shape[1:]}, the config expects '
                f'{expected} ({self.refine_settings.input_kind}); export the '
                'graph from this config with tools/deployment/export_onnx.py')

    def forward(self,
                inputs: Tensor,
                data_samples=None,
                mode: str = 'tensor') -> Tensor:
        """The head's output for a batch of windows, from the graph.

        Args:
            inputs (Tensor): (B, L, K, H, W) heatmaps or (B, L, 2K)
                coordinates.
            data_samples: Unused.
            mode (str): Only ``'tensor'`` (the head's raw output).

        Returns:
            Tensor: (B, L, K, H, W) or (B, L, 2K) float32, on the CPU.
        """
        if mode != 'tensor':
            raise ValueError(
                "the onnxruntime backend runs the head's forward only "
                f"(mode='tensor'), got mode={mode!r}; test and train with "
                'the PyTorch backend')
        array = np.ascontiguousarray(inputs.detach().cpu().numpy(),
                                     dtype=np.float32)
        graph_input = self.session.get_inputs()[0].name
        outputs = self.session.run(None, {graph_input: array})[0]
        return torch.from_numpy(outputs)
