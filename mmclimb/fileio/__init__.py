from .atomic import save_json_atomic, save_npz_atomic, write_atomic
from .npz import NpzFormatError, open_npz

__all__ = [
    'NpzFormatError', 'open_npz', 'save_json_atomic', 'save_npz_atomic',
    'write_atomic'
]
