"""write_atomic_group: a kill never leaves a new file beside an old one."""
import os

import numpy as np
import pytest

from mmclimb.fileio import json_writer, npz_writer, write_atomic_group


def _group(folder, value):
    return [npz_writer(str(folder / 'a.npz'), x=np.array([value])),
            json_writer(str(folder / 'a.json'), [value])]


def _state(folder):
    names = sorted(p.name for p in folder.iterdir())
    npz = int(np.load(folder / 'a.npz')['x'][0]) if 'a.npz' in names \
        else None
    text = (folder / 'a.json').read_text() if 'a.json' in names else None
    return names, npz, text


def test_group_is_written_and_replaced(tmp_path):
    write_atomic_group(_group(tmp_path, 1))
    write_atomic_group(_group(tmp_path, 2))
    names, npz, text = _state(tmp_path)
    assert names == ['a.json', 'a.npz'] and npz == 2 and '2' in text


@pytest.mark.parametrize('die_at', [0, 1])
def test_interrupted_between_renames_leaves_no_marker(tmp_path, monkeypatch,
                                                      die_at):
    """die_at 0: before the npz rename; 1: between the npz and the JSON."""
    write_atomic_group(_group(tmp_path, 1))
    real_replace, calls = os.replace, []

    def replace(src, dst):
        if len(calls) == die_at:
            raise KeyboardInterrupt  # the process dies here
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, 'replace', replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomic_group(_group(tmp_path, 2))
    names, npz, text = _state(tmp_path)
    # the old JSON went first: no JSON beside an npz of another write
    assert text is None and names == ['a.npz']
    assert npz == (1 if die_at == 0 else 2)
