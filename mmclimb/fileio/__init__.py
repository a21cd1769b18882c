from .atomic import (atomic_path, json_writer, npz_writer, save_json_atomic,
                     save_npz_atomic, write_atomic, write_atomic_group)
from .atomic_local_backend import AtomicLocalBackend
from .npz import NpzFormatError, open_npz

__all__ = [
    'AtomicLocalBackend', 'NpzFormatError', 'atomic_path', 'json_writer',
    'npz_writer', 'open_npz', 'save_json_atomic', 'save_npz_atomic',
    'write_atomic', 'write_atomic_group'
]
