from .npz import NpzFormatError, open_npz

__all__ = ['NpzFormatError', 'open_npz']
