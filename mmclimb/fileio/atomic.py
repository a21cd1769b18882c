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
    - :func:`save_json_atomic` writes a JSON document;
    - :func:`write_atomic_group` writes several files that belong together
      (``tools/refine.py``'s ``.npz`` + ``.json``) so that an interruption
      never leaves a new one beside an old one: every file goes to its
      temporary first; then the *last* file of the group (the marker) is
      removed, the others are renamed onto their destinations in order,
      and the marker is renamed last. A marker on disk therefore always
      sits beside the files of its own write; an interruption between the
      steps leaves files without a marker (old or new), never a mixed
      group with one.
"""
import json
import os
import os.path as osp
import tempfile
from contextlib import ExitStack, contextmanager
from typing import Callable, Iterator, Sequence, Tuple

import numpy as np

__all__ = [
    'atomic_path', 'write_atomic', 'save_npz_atomic', 'save_json_atomic',
    'npz_writer', 'json_writer', 'write_atomic_group'
]


@contextmanager
def _temporary(path: str, suffix: str) -> Iterator[str]:
    """A temporary path beside ``path``, removed if still there on exit."""
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(path)}.', suffix=suffix)
    os.close(fd)
    try:
        yield tmp
    finally:
        if osp.exists(tmp):
            os.unlink(tmp)


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
    with _temporary(path, suffix) as tmp:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    _fsync_folder(osp.dirname(osp.abspath(path)))


def _write_synced(path: str, write: Callable) -> None:
    """``write(file)`` on ``path`` opened binary, flushed to disk."""
    with open(path, 'wb') as file:
        write(file)
        file.flush()
        os.fsync(file.fileno())


def write_atomic(path: str, write: Callable, suffix: str = '.tmp') -> None:
    """Call ``write(file)`` on a temporary binary file in ``path``'s folder,
    then rename it to ``path``.

    Args:
        path (str): Destination.
        write (Callable): Called with the open binary file object.
        suffix (str): Suffix of the temporary file. Defaults to ``'.tmp'``.
    """
    with atomic_path(path, suffix) as tmp:
        _write_synced(tmp, write)


def write_atomic_group(writes: Sequence[Tuple[str, Callable, str]]) -> None:
    """Write files that belong together; see the module docstring.

    Args:
        writes (Sequence[tuple]): ``(path, write, suffix)`` per file, as
            :func:`write_atomic` takes them; the last one is the marker.
    """
    with ExitStack() as stack:
        temporaries = []
        for path, write, suffix in writes:
            tmp = stack.enter_context(_temporary(path, suffix))
            _write_synced(tmp, write)
            temporaries.append(tmp)
        marker = writes[-1][0]
        if osp.lexists(marker):
            os.unlink(marker)
            _fsync_folder(osp.dirname(osp.abspath(marker)))
        for (path, _, _), tmp in zip(writes, temporaries):
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            _fsync_folder(osp.dirname(osp.abspath(path)))


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


def npz_writer(path: str, **arrays: np.ndarray) -> Tuple[str, Callable, str]:
    """``(path, write, suffix)`` writing ``arrays`` with ``np.savez``."""
    return path, lambda file: np.savez(file, **arrays), '.npz.tmp'


def json_writer(path: str, document) -> Tuple[str, Callable, str]:
    """``(path, write, suffix)`` writing a JSON-able ``document``
    (indented)."""
    text = json.dumps(document, indent=1) + '\n'
    return path, lambda file: file.write(text.encode('utf-8')), '.json.tmp'


def save_npz_atomic(path: str, **arrays: np.ndarray) -> None:
    """Write ``arrays`` to ``path`` with ``np.savez``, atomically.

    Args:
        path (str): Destination, normally ending in ``.npz``.
        **arrays (np.ndarray): Named arrays to store.
    """
    write_atomic(*npz_writer(path, **arrays))


def save_json_atomic(path: str, document) -> None:
    """Write a JSON-able ``document`` to ``path`` (indented), atomically."""
    write_atomic(*json_writer(path, document))
