"""mmengine checkpoints load with weights_only=True after ``import mmclimb``."""
import io
import pickle
import pickletools
import subprocess
import sys
import zipfile

import pytest
import torch

from mmclimb.utils import CHECKPOINT_SAFE_GLOBALS


def pickled_globals(path):
    """The ``module.name`` of every global a torch checkpoint's pickle uses."""
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith('data.pkl'))
        data = archive.read(name)
    found, strings = set(), []
    for opcode, arg, _ in pickletools.genops(io.BytesIO(data)):
        if opcode.name in ('SHORT_BINUNICODE', 'BINUNICODE', 'UNICODE'):
            strings.append(arg)
        elif opcode.name == 'STACK_GLOBAL':
            found.add('.'.join(strings[-2:]))
        elif opcode.name == 'GLOBAL':
            found.add(arg.replace(' ', '.'))
    return found


def qualified(obj):
    return f'{obj.__module__}.{obj.__name__}'.replace('__builtin__.',
                                                     'builtins.')


@pytest.fixture(scope='module')
def checkpoints(trained, climb_trained):
    """A plain mmengine checkpoint and one with MMPose dataset meta-info."""
    return [trained / 'epoch_2.pth', climb_trained / 'epoch_1.pth']


def test_pickled_globals_are_allow_listed_or_torch_defaults(checkpoints):
    used = set().union(*map(pickled_globals, checkpoints))
    torch_defaults = ('torch.', 'collections.OrderedDict', '_codecs.encode')
    used = {
        g.replace('__builtin__.', 'builtins.')
        for g in used if not g.startswith(torch_defaults)
    }
    assert used <= {qualified(g) for g in CHECKPOINT_SAFE_GLOBALS}


def _loads(checkpoint, allowed) -> bool:
    with torch.serialization.safe_globals(allowed):
        try:
            torch.load(checkpoint, weights_only=True)
        except pickle.UnpicklingError:
            return False
    return True


def test_every_allow_listed_global_is_needed(checkpoints):
    saved = torch.serialization.get_safe_globals()
    torch.serialization.clear_safe_globals()
    try:
        for checkpoint in checkpoints:
            assert _loads(checkpoint, CHECKPOINT_SAFE_GLOBALS)
        for left_out in CHECKPOINT_SAFE_GLOBALS:
            subset = [g for g in CHECKPOINT_SAFE_GLOBALS if g is not left_out]
            assert not all(_loads(c, subset) for c in checkpoints), left_out
    finally:
        torch.serialization.clear_safe_globals()
        torch.serialization.add_safe_globals(saved)


def _load_in_fresh_process(path, import_mmclimb):
    code = ('import torch\n' + ('import mmclimb\n' if import_mmclimb else '') +
            f'torch.load({str(path)!r}, weights_only=True)\n')
    return subprocess.run([sys.executable, '-c', code],
                          capture_output=True,
                          text=True)


def test_weights_only_load_needs_and_gets_the_allow_list(trained):
    checkpoint = trained / 'epoch_2.pth'
    without = _load_in_fresh_process(checkpoint, import_mmclimb=False)
    assert without.returncode != 0
    assert 'Unsupported global' in without.stderr
    with_mmclimb = _load_in_fresh_process(checkpoint, import_mmclimb=True)
    assert with_mmclimb.returncode == 0, with_mmclimb.stderr
