"""``import mmclimb`` registers into MMPose's registries."""
import subprocess
import sys

from mmengine.registry import DefaultScope
from mmpose.registry import MODELS


def test_mmpose_models_import_with_compiled_ops():
    # mmpose.models needs mmdet and mmcv's compiled ops
    import mmcv.ops  # noqa: F401
    import mmpose.models  # noqa: F401
    from mmcv.ops import nms  # a compiled op
    assert callable(nms)


BUILD_BY_NAME = """
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.utils import import_modules_from_strings
from mmpose.registry import METRICS, MODELS, TRANSFORMS

cfg = Config(dict(
    default_scope='mmpose',
    custom_imports=dict(imports=['mmclimb'], allow_failed_imports=False),
    model=dict(type='TemporalPoseEstimator', head=dict(type='Conv3DHead')),
    transform=dict(type='NormalizeHeatmaps'),
    metric=dict(type='ClimbPCKMetric')))
import_modules_from_strings(**cfg.custom_imports)
with DefaultScope.overwrite_default_scope(cfg.default_scope):
    model = MODELS.build(cfg.model)
    transform = TRANSFORMS.build(cfg.transform)
    metric = METRICS.build(cfg.metric)
print(type(model).__module__, type(model.head).__name__,
      type(transform).__module__, type(metric).__module__)
"""


def test_mmpose_config_builds_mmclimb_modules_through_custom_imports():
    # a fresh interpreter: nothing of mmclimb imported before custom_imports
    proc = subprocess.run([sys.executable, '-c', BUILD_BY_NAME],
                          capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    model_module, head, transform_module, metric_module = \
        proc.stdout.split()[-4:]
    assert model_module.startswith('mmclimb.models')
    assert head == 'Conv3DHead'
    assert transform_module.startswith('mmclimb.datasets.transforms')
    assert metric_module.startswith('mmclimb.evaluation')


def test_registered_in_mmpose_children_not_mmengine_roots():
    import mmclimb  # noqa: F401
    from mmpose.registry import DATASETS, METRICS, TRANSFORMS
    for registry, name in ((MODELS, 'DeciWatchHead'),
                           (DATASETS, 'ClimbAlongDataset'),
                           (TRANSFORMS, 'PackWindowInputs'),
                           (METRICS, 'ClimbPCKMetric')):
        assert registry.scope == 'mmpose'
        assert name in registry.module_dict
        assert name not in registry.parent.module_dict


def test_mmclimb_testing_modules_build_from_mmpose_scope():
    import mmclimb.testing  # noqa: F401
    with DefaultScope.overwrite_default_scope('mmpose'):
        model = MODELS.build(dict(type='ToyRefiner', channels=4))
    assert model.conv.in_channels == 4
