"""tools/dataset_converters/generate_synthetic_climb.py, run in-process."""
import importlib.util
import json

import numpy as np
import pytest

from conftest import REPO

TOOL = REPO / 'tools' / 'dataset_converters' / 'generate_synthetic_climb.py'


@pytest.fixture(scope='module')
def tool():
    spec = importlib.util.spec_from_file_location('generate_synthetic_climb',
                                                  TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_defaults(tool):
    args = tool.parse_args([])
    assert args.out == 'data/synthetic_climb'
    assert args.preset == 'demo' and args.seed == 0
    assert not args.overwrite and args.num_videos is None


def test_writes_then_refuses_to_overwrite(tool, tmp_path, capsys):
    out = tmp_path / 'climb'
    argv = ['--out', str(out), '--preset', 'tiny', '--seed', '2']
    assert tool.main(argv + ['--num-videos', '3']) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and 'frames' in printed and 'MiB' in printed
    meta = json.loads((out / 'meta.json').read_text())
    assert meta['seed'] == 2 and meta['preset']['num_videos'] == 3
    before = np.load(out / 'input' / 'climb_000.npz')['bboxes']

    assert tool.main(argv) == 1
    assert '--overwrite' in capsys.readouterr().err
    assert len(list((out / 'input').glob('*.npz'))) == 3  # untouched

    assert tool.main(argv + ['--overwrite', '--frame-range', '6', '8']) == 0
    after = np.load(out / 'input' / 'climb_000.npz')['bboxes']
    assert len(list((out / 'input').glob('*.npz'))) == 4
    assert 6 <= len(after) <= 8 and len(before) >= 12


def test_bad_frame_range_is_an_error(tool, tmp_path, capsys):
    argv = ['--out', str(tmp_path / 'x'), '--frame-range', '9', '3']
    assert tool.main(argv) == 2
    assert 'frame_range' in capsys.readouterr().err
