"""Memory-mapped access to the arrays of ``.npz`` files.

``np.load`` on an ``.npz`` reads a whole member into RAM on access, even with
``mmap_mode``. The members of an uncompressed ``.npz`` (``np.savez``) are
plain ``.npy`` files stored verbatim in the zip, so they can be memory-mapped
at their offset inside the archive; compressed members are read into RAM.
"""
import zipfile
from typing import Dict

import numpy as np

__all__ = ['NpzFormatError', 'open_npz']


class NpzFormatError(ValueError):
    """A file is not a readable ``.npz`` archive."""


def _member_data_offset(f, info: zipfile.ZipInfo) -> int:
    """Offset of a stored member's bytes: past its local file header."""
    f.seek(info.header_offset)
    header = f.read(30)
    if header[:4] != b'PK\x03\x04':
        raise NpzFormatError('bad local header')
    name_len = int.from_bytes(header[26:28], 'little')
    extra_len = int.from_bytes(header[28:30], 'little')
    return info.header_offset + 30 + name_len + extra_len


def _mmap_member(path: str, f, info: zipfile.ZipInfo) -> np.ndarray:
    """Memory-map one uncompressed ``.npy`` member of the archive."""
    f.seek(_member_data_offset(f, info))
    version = np.lib.format.read_magic(f)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
    else:
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
    if dtype.hasobject:
        raise NpzFormatError('object arrays are not supported')
    offset = f.tell()
    expected = offset + int(np.prod(shape)) * dtype.itemsize
    member_end = _member_data_offset(f, info) + info.file_size
    if expected > member_end:
        raise NpzFormatError('array data is truncated')
    return np.memmap(path, dtype=dtype, mode='r', offset=offset,
                     shape=shape, order='F' if fortran else 'C')


def open_npz(path: str) -> Dict[str, np.ndarray]:
    """Open every array of an ``.npz``; memory-mapped where stored raw.

    Args:
        path (str): The ``.npz`` file.

    Returns:
        dict[str, np.ndarray]: Member name (without ``.npy``) -> array;
        ``np.memmap`` for uncompressed members, in-memory arrays otherwise.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        NpzFormatError: The file is not a readable ``.npz`` (truncated,
            corrupt, object arrays); the message names the file.
    """
    arrays = {}
    try:
        with zipfile.ZipFile(path) as archive, open(path, 'rb') as f:
            for info in archive.infolist():
                if not info.filename.endswith('.npy'):
                    continue
                key = info.filename[:-len('.npy')]
                if info.compress_type == zipfile.ZIP_STORED:
                    arrays[key] = _mmap_member(path, f, info)
                else:
                    with archive.open(info) as member:
                        arrays[key] = np.lib.format.read_array(
                            member, allow_pickle=False)
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, NpzFormatError, ValueError, OSError,
            EOFError) as err:
        raise NpzFormatError(
            f'{path}: not a readable .npz file ({err})') from None
    return arrays
