"""ONNX export of every learned refiner config, checked in onnxruntime."""
import onnx
import pytest

from conftest import (learned_refiner_configs, perturb_weights,
                      tiny_refiner_options)
from mmclimb.apis import (OnnxMismatchError, check_onnx, export_onnx,
                          init_refiner, onnx_max_abs_diff)

LEARNED = learned_refiner_configs()


def _tiny_refiner(config):
    return perturb_weights(
        init_refiner(config, cfg_options=tiny_refiner_options(config)))


def _dims(value):
    """An ONNX value's shape: ints, or the name of a dynamic axis."""
    return [
        dim.dim_param or dim.dim_value
        for dim in value.type.tensor_type.shape.dim
    ]


def test_every_learned_refiner_config_is_covered():
    names = {config.split('/')[-1] for config in LEARNED}
    assert {
        'conv3d_climb.py', 'biconvlstm_s_climb.py', 'biconvlstm_c_climb.py',
        'deciwatch_climb.py', 'conv3d_general.py', 'deciwatch_general.py',
        'smoothnet_climb.py', 'smoothnet_mmhuman3d_climb.py',
        'smoothnet_general.py'
    } <= names
    assert 'identity_climb.py' not in names
    assert 'one_euro_climb.py' not in names


@pytest.mark.parametrize('config', LEARNED)
def test_export_matches_pytorch(config):
    refiner = _tiny_refiner(config)
    graph = export_onnx(refiner, batch_size=2)
    diff = check_onnx(refiner, graph, batch_size=2)
    assert diff <= 1e-4
    model = onnx.load_from_string(graph)
    settings = refiner.refine_settings
    window = list(settings.window_shape(1)[1:])
    (inputs, ), (outputs, ) = model.graph.input, model.graph.output
    assert (inputs.name, outputs.name) == ('inputs', 'outputs')
    assert _dims(inputs) == ['batch', *window]
    # the head's output has the input's kind and shape (a score-aware
    # refiner's input also carries the K scores)
    assert _dims(outputs)[0] == 'batch'
    if settings.scores:
        window[-1] = 2 * settings.num_keypoints
    assert _dims(outputs)[1:] == window


def test_opset_is_written():
    config = 'configs/conv3d_climb.py'
    graph = export_onnx(_tiny_refiner(config), opset=13)
    model = onnx.load_from_string(graph)
    assert [op.version for op in model.opset_import if op.domain == ''] == [13]


def test_a_graph_of_other_weights_is_caught():
    config = 'configs/deciwatch_climb.py'
    refiner = _tiny_refiner(config)
    graph = export_onnx(refiner)
    assert onnx_max_abs_diff(refiner, graph) <= 1e-4
    perturb_weights(refiner, scale=0.01, seed=1)
    diff = onnx_max_abs_diff(refiner, graph)
    assert diff > 1e-4
    with pytest.raises(OnnxMismatchError, match='differ by up to'):
        check_onnx(refiner, graph)
    # a looser tolerance accepts it
    assert check_onnx(refiner, graph, atol=diff * 2) == diff


def test_filters_have_nothing_to_export():
    refiner = init_refiner('configs/gaussian_filter_climb.py')
    with pytest.raises(ValueError, match='classical filter'):
        export_onnx(refiner)

