from .atomic import (atomic_path, save_json_atomic, save_npz_atomic,
                     write_atomic)
from .atomic_local_backend import AtomicLocalBackend
from .npz import NpzFormatError, open_npz

__all__ = [
    'AtomicLocalBackend', 'NpzFormatError', 'atomic_path', 'open_npz',
    'save_json_atomic', 'save_npz_atomic', 'write_atomic'
]
