from .atomic import save_json_atomic, save_npz_atomic, write_atomic
from .atomic_local_backend import AtomicLocalBackend
from .npz import NpzFormatError, open_npz

__all__ = [
    'AtomicLocalBackend', 'NpzFormatError', 'open_npz', 'save_json_atomic',
    'save_npz_atomic', 'write_atomic'
]
