"""Atomic file writes: a reader never sees a partly written file.

Contract:
    Each function writes to a temporary file in the destination's folder
    (made readable by all, mode 0644) and renames it onto the destination
    with ``os.replace``, so a reader never sees a partly written file and an
    interrupted run leaves no half-written file behind (the
    temporary file is removed on error).

    - :func:`write_atomic` calls any writer on a binary file object;
    - :func:`save_npz_atomic` writes arrays with ``np.savez``
      (uncompressed, so they can be memory-mapped);
    - :func:`save_json_atomic` writes a JSON document.
"""
import json
import os
import os.path as osp
import tempfile
from typing import Callable

import numpy as np

__all__ = ['write_atomic', 'save_npz_atomic', 'save_json_atomic']


def write_atomic(path: str, write: Callable, suffix: str = '.tmp') -> None:
    """Call ``write(file)`` on a temporary binary file in ``path``'s folder,
    then rename it to ``path``.

    Args:
        path (str): Destination.
        write (Callable): Called with the open binary file object.
        suffix (str): Suffix of the temporary file. Defaults to ``'.tmp'``.
    """
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=suffix)
    try:
        with os.fdopen(fd, 'wb') as file:
            write(file)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.unlink(tmp)
        raise


def save_npz_atomic(path: str, **arrays: np.ndarray) -> None:
    """Write ``arrays`` to ``path`` with ``np.savez``, atomically.

    Args:
        path (str): Destination, normally ending in ``.npz``.
        **arrays (np.ndarray): Named arrays to store.
    """
    write_atomic(path, lambda file: np.savez(file, **arrays), '.npz.tmp')


def save_json_atomic(path: str, document) -> None:
    """Write a JSON-able ``document`` to ``path`` (indented), atomically."""
    text = json.dumps(document, indent=1) + '\n'
    write_atomic(path, lambda file: file.write(text.encode('utf-8')),
                 '.json.tmp')
