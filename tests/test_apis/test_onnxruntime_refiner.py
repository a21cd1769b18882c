"""refine_sequence through the onnxruntime backend against PyTorch."""
import dataclasses

import numpy as np
import pytest
import torch

from conftest import perturb_weights, tiny_refiner_options
from mmclimb.apis import (OnnxRuntimeRefiner, export_onnx, init_refiner,
                          refine_sequence)
from mmclimb.benchmarking import synthetic_keypoint_sequence


def _export(config, path):
    """A tiny, perturbed PyTorch refiner and its graph written to path."""
    options = tiny_refiner_options(config)
    refiner = perturb_weights(init_refiner(config, cfg_options=options))
    path.write_bytes(export_onnx(refiner))
    return refiner, options


@pytest.mark.parametrize('config', [
    'configs/conv3d_climb.py', 'configs/deciwatch_climb.py',
    'configs/general/conv3d_general.py',
    'configs/general/deciwatch_general.py',
    'configs/general/smoothnet_general.py'
])
def test_refine_sequence_equals_pytorch(config, tmp_path):
    onnx_file = tmp_path / 'refiner.onnx'
    refiner, options = _export(config, onnx_file)
    runtime = init_refiner(
        config,
        cfg_options=options,
        backend='onnxruntime',
        onnx_file=str(onnx_file))
    assert isinstance(runtime, OnnxRuntimeRefiner)
    # 23 frames: several batches of windows with a partial last one, and a
    # last window aligned to the end
    sequence = synthetic_keypoint_sequence(23)
    # the graph is float32: against PyTorch in fp32 (a heatmap refiner's
    # default is bf16 where the CPU has bf16 units)
    expected, expected_scores = refine_sequence(refiner, sequence,
                                                batch_size=4,
                                                precision='fp32')
    keypoints, scores = refine_sequence(runtime, sequence, batch_size=4)
    assert keypoints.shape == (23, 25, 2) and keypoints.dtype == np.float32
    np.testing.assert_allclose(keypoints, expected, rtol=0, atol=1e-3)
    np.testing.assert_allclose(scores, expected_scores, rtol=0, atol=1e-5)
    # the refiner moved the input: the comparison is not of two copies
    assert np.abs(keypoints - sequence[..., :2]).max() > 0.01


def test_runtime_forward_is_the_heads(tmp_path):
    config = 'configs/conv3d_climb.py'
    onnx_file = tmp_path / 'conv3d.onnx'
    refiner, options = _export(config, onnx_file)
    runtime = init_refiner(config, cfg_options=options,
                           backend='onnxruntime', onnx_file=str(onnx_file))
    windows = torch.rand(3, 5, 25, 12, 12)
    with torch.no_grad():
        expected = refiner(windows, None, mode='tensor')
    # float32 sums of 3,125 products in each backend's own order (on a CPU
    # without AVX-512 they differed by 1e-5 at values near 2.6)
    torch.testing.assert_close(
        runtime(windows, None, mode='tensor'), expected, atol=1e-5,
        rtol=1e-5)
    with pytest.raises(ValueError, match="mode='tensor'"):
        runtime(windows, [], mode='predict')


def test_graph_of_another_config_is_refused(tmp_path):
    onnx_file = tmp_path / 'conv3d.onnx'
    _export('configs/conv3d_climb.py', onnx_file)
    with pytest.raises(ValueError, match=r'conv3d.onnx.*window shape'):
        # the full-size config expects 56 x 56 heatmaps
        init_refiner('configs/conv3d_climb.py', backend='onnxruntime',
                     onnx_file=str(onnx_file))


@pytest.mark.parametrize('kwargs, message', [
    (dict(backend='tensorrt'), 'backend must be one of'),
    (dict(backend='onnxruntime'), 'needs onnx_file'),
    (dict(backend='onnxruntime', onnx_file='x.onnx', device='cuda'),
     'runs on the CPU'),
    (dict(onnx_file='x.onnx'), "is for backend='onnxruntime'"),
])
def test_backend_arguments_are_checked(kwargs, message):
    with pytest.raises(ValueError, match=message):
        init_refiner('configs/conv3d_climb.py', **kwargs)


def test_missing_graph_and_filters(tmp_path):
    with pytest.raises(FileNotFoundError, match='no such ONNX file'):
        init_refiner('configs/conv3d_climb.py', backend='onnxruntime',
                     onnx_file=str(tmp_path / 'absent.onnx'))
    with pytest.raises(ValueError, match='classical filter'):
        init_refiner('configs/gaussian_filter_climb.py',
                     backend='onnxruntime',
                     onnx_file=str(tmp_path / 'absent.onnx'))


@pytest.mark.parametrize('config', [
    'configs/general/deciwatch_general.py', 'configs/general/conv3d_general.py'
])
def test_a_stream_through_onnxruntime_equals_pytorch(config, tmp_path):
    from mmclimb.apis import StreamingRefiner, stream_sequence
    onnx_file = tmp_path / 'refiner.onnx'
    refiner, options = _export(config, onnx_file)
    runtime = init_refiner(config, cfg_options=options,
                           backend='onnxruntime', onnx_file=str(onnx_file))
    sequence = synthetic_keypoint_sequence(17)
    assert StreamingRefiner(runtime).max_lag == StreamingRefiner(
        refiner).max_lag
    # the graph is float32: the PyTorch stream in fp32 too
    refiner.refine_settings = dataclasses.replace(refiner.refine_settings,
                                                  precision='fp32')
    for lag in (0, 2):
        expected, _ = stream_sequence(refiner, sequence, lag=lag)
        keypoints, _ = stream_sequence(runtime, sequence, lag=lag)
        np.testing.assert_allclose(keypoints, expected, rtol=0, atol=1e-3)
