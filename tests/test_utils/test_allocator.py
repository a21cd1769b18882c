"""configure_allocator: MMCLIMB_ALLOCATOR read and checked, glibc's mallopt
called for 'keep' only, nothing done without glibc."""
import pytest

from mmclimb.utils import allocator, allocator_mode, configure_allocator


class RecordingLibc:
    """Stands in for glibc: records the mallopt calls, reports success."""

    def __init__(self):
        self.calls = []

    def mallopt(self, param, value):
        self.calls.append((param, value))
        return 1


@pytest.mark.parametrize('environ, mode', [({}, 'keep'),
                                           ({'MMCLIMB_ALLOCATOR': ''}, 'keep'),
                                           ({'MMCLIMB_ALLOCATOR': 'keep'},
                                            'keep'),
                                           ({'MMCLIMB_ALLOCATOR': 'system'},
                                            'system')])
def test_allocator_mode(environ, mode):
    assert allocator_mode(environ) == mode


def test_bad_mode_is_a_clear_error():
    with pytest.raises(ValueError, match="MMCLIMB_ALLOCATOR='jemalloc'"):
        allocator_mode({'MMCLIMB_ALLOCATOR': 'jemalloc'})


def test_keep_stops_mmap_and_trimming(monkeypatch):
    libc = RecordingLibc()
    monkeypatch.setattr(allocator, 'glibc', lambda: libc)
    assert configure_allocator({}) is True
    # M_MMAP_MAX = 0 (every allocation from the heap), M_TRIM_THRESHOLD
    assert libc.calls == [(-4, 0), (-1, allocator.KEEP_BYTES)]


def test_system_and_other_c_libraries_change_nothing(monkeypatch):
    libc = RecordingLibc()
    monkeypatch.setattr(allocator, 'glibc', lambda: libc)
    assert configure_allocator({'MMCLIMB_ALLOCATOR': 'system'}) is False
    assert libc.calls == []
    monkeypatch.setattr(allocator, 'glibc', lambda: None)
    assert configure_allocator({}) is False


def test_this_process_glibc_accepts_the_setting():
    if allocator.glibc() is None:
        pytest.skip('the C library here is not glibc')
    assert configure_allocator({}) is True
