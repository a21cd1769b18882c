"""``import mmclimb`` registers into MMPose's registries."""
from mmengine.registry import DefaultScope
from mmpose.registry import MODELS


def test_mmpose_models_import_with_compiled_ops():
    # mmpose.models needs mmdet and mmcv's compiled ops
    import mmcv.ops  # noqa: F401
    import mmpose.models  # noqa: F401
    from mmcv.ops import nms  # a compiled op
    assert callable(nms)


def test_mmclimb_testing_modules_build_from_mmpose_scope():
    import mmclimb.testing  # noqa: F401
    with DefaultScope.overwrite_default_scope('mmpose'):
        model = MODELS.build(dict(type='ToyRefiner', channels=4))
    assert model.conv.in_channels == 4
