"""Atomic file writes: a reader never sees a partly written file.

Contract:
    Each function writes to a temporary file in the destination's folder
    (made readable by all, mode 0644), flushes it to disk (``os.fsync``) and
    renames it onto the destination with ``os.replace``, then syncs the
    folder, so a reader never sees a partly written file and an interrupted
    run (an exception, SIGKILL, a power cut) leaves either the old or the new
    file, never a half-written one (the temporary file is removed on error;
    a killed process may leave a hidden ``.<name>.*.tmp`` file beside the
    destination).

    - :func:`atomic_path` yields the temporary path itself, for writers that
      need a file name (OpenCV's ``VideoWriter``);
    - :func:`write_atomic` calls any writer on a binary file object;
    - :func:`save_npz_atomic` writes arrays with ``np.savez``
      (uncompressed, so they can be memory-mapped);
    - :func:`save_json_atomic` writes a JSON document.
"""
import json
import os
import os.path as osp
import tempfile
from contextlib import contextmanager
from typing import Callable, Iterator

import numpy as np

__all__ = [
    'atomic_path', 'write_atomic', 'save_npz_atomic', 'save_json_atomic'
]


@contextmanager
def atomic_path(path: str, suffix: str = '.tmp') -> Iterator[str]:
    """A temporary path in ``path``'s folder, renamed onto ``path`` when the
    block succeeds and removed when it raises.

    Args:
        path (str): Destination.
        suffix (str): Suffix of the temporary file (some writers pick the
            format by it). Defaults to ``'.tmp'``.

    Yields:
        str: The temporary path; the block writes (and flushes) it.
    """
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(path)}.', suffix=suffix)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def write_atomic(path: str, write: Callable, suffix: str = '.tmp') -> None:
    """Call ``write(file)`` on a temporary binary file in ``path``'s folder,
    then rename it to ``path``.

    Args:
        path (str): Destination.
        write (Callable): Called with the open binary file object.
        suffix (str): Suffix of the temporary file. Defaults to ``'.tmp'``.
    """
    with atomic_path(path, suffix) as tmp:
        with open(tmp, 'wb') as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())


def _fsync_folder(folder: str) -> None:
    """Make a rename in ``folder`` durable (where the OS allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
