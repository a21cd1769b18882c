"""An MMPose project builds and runs an mmclimb head from its own config.

``tests/test_registration.py`` builds mmclimb modules from an in-code config
dict; this test goes through a config *file* that inherits MMPose's own
runtime and imports mmclimb only through its ``custom_imports``, then runs a
forward pass of the built model.
"""
import json
import subprocess
import sys
from pathlib import Path

CONFIG = (Path(__file__).parent / 'data' / 'configs' /
          'mmpose_project_uses_mmclimb.py')

BUILD_AND_RUN = """
import json, sys
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmpose.registry import MODELS

assert 'mmclimb' not in sys.modules
cfg = Config.fromfile(sys.argv[1])  # runs the config's custom_imports
imported = 'mmclimb' in sys.modules
with DefaultScope.overwrite_default_scope(cfg.default_scope):
    model = MODELS.build(cfg.model)
inputs = torch.rand(2, 5, 25, 56, 56)
with torch.no_grad():
    out = model(inputs, None, mode='tensor')
    expected = torch.relu(model.head.conv(inputs.transpose(1, 2))).transpose(
        1, 2)
print(json.dumps(dict(
    scope=cfg.default_scope, imported=imported,
    model=type(model).__module__ + '.' + type(model).__name__,
    head=type(model.head).__module__ + '.' + type(model.head).__name__,
    shape=list(out.shape),
    matches_conv=bool(torch.allclose(out, expected, atol=1e-6)))))
"""


def test_mmpose_scope_config_builds_and_runs_an_mmclimb_head():
    # a fresh interpreter: mmclimb is imported only by custom_imports
    proc = subprocess.run([sys.executable, '-c', BUILD_AND_RUN,
                           str(CONFIG)],
                          capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result['scope'] == 'mmpose'
    assert result['imported']
    assert result['model'].startswith('mmclimb.models')
    assert result['head'] == \
        'mmclimb.models.heads.conv3d_head.Conv3DHead'
    assert result['shape'] == [2, 5, 25, 56, 56]
    assert result['matches_conv']
