"""tools/deployment/export_onnx.py: export, check, fail loudly."""
import importlib.util

import numpy as np
import onnx
import onnxruntime
import pytest

from conftest import REPO, run_tool


def _export_main():
    spec = importlib.util.spec_from_file_location(
        'export_onnx_tool', REPO / 'tools' / 'deployment' / 'export_onnx.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_exports_a_shipped_checkpoint(python, tmp_path):
    out = tmp_path / 'graphs' / 'conv3d_general.onnx'
    proc = run_tool(python, 'tools/deployment/export_onnx.py',
                    'configs/general/conv3d_general.py',
                    'checkpoints/conv3d_general.pth', out, '--batch-size',
                    '2')
    assert 'max abs diff' in proc.stdout
    assert 'input (batch, 5, 25, 56, 56) heatmaps' in proc.stdout
    model = onnx.load(str(out))
    assert [i.name for i in model.graph.input] == ['inputs']
    assert not list(out.parent.glob('*.tmp'))


def test_a_mismatch_fails_loudly(tmp_path, monkeypatch, capsys):
    run = onnxruntime.InferenceSession.run

    def off_by_a_little(self, *args, **kwargs):
        return [out + np.float32(3e-4) for out in run(self, *args, **kwargs)]

    monkeypatch.setattr(onnxruntime.InferenceSession, 'run', off_by_a_little)
    out = tmp_path / 'conv3d.onnx'
    with pytest.raises(SystemExit) as exit_info:
        _export_main()(['configs/conv3d_climb.py', str(out)])
    message = str(exit_info.value)
    assert message.startswith('FAILED: configs/conv3d_climb.py')
    diff = float(message.split('differ by up to ')[1].split(' ')[0])
    assert diff == pytest.approx(3e-4, rel=0.05)
    assert 'not written' in message and not out.exists()
    # a tolerance above the difference lets it through
    _export_main()(['configs/conv3d_climb.py', str(out), '--atol', '1e-3'])
    assert out.exists()
    assert 'max abs diff 0.0003' in capsys.readouterr().out


def test_a_filter_is_refused(tmp_path):
    out = tmp_path / 'filter.onnx'
    with pytest.raises(SystemExit, match='classical filter'):
        _export_main()(['configs/one_euro_climb.py', str(out)])
    assert not out.exists()
