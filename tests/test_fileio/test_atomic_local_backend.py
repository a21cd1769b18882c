import pytest
from mmengine.fileio import get_file_backend

from mmclimb.fileio import AtomicLocalBackend


def test_registered_and_writes(tmp_path):
    backend = get_file_backend(backend_args=dict(backend='atomic_local'))
    assert isinstance(backend, AtomicLocalBackend)
    backend.put(b'abc', tmp_path / 'sub' / 'x.bin')
    backend.put_text('héllo', tmp_path / 'y.txt')
    assert (tmp_path / 'sub' / 'x.bin').read_bytes() == b'abc'
    assert (tmp_path / 'y.txt').read_text(encoding='utf-8') == 'héllo'


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / 'epoch_1.pth'
    path.write_bytes(b'old complete checkpoint')

    def die(*args):
        raise KeyboardInterrupt  # a kill between writing and renaming

    monkeypatch.setattr('mmclimb.fileio.atomic.os.replace', die)
    with pytest.raises(KeyboardInterrupt):
        AtomicLocalBackend().put(b'new' * 1000, path)
    assert path.read_bytes() == b'old complete checkpoint'
    assert [p.name for p in tmp_path.iterdir()] == ['epoch_1.pth']
