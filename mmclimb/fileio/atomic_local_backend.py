"""mmengine's local file backend with atomic writes.

mmengine's :class:`~mmengine.fileio.LocalBackend` writes with
``open(path, 'wb')``: the destination is truncated first, so a process killed
while writing leaves a half-written file under the final name (a corrupt
checkpoint that ``--resume`` then fails to load).
:class:`AtomicLocalBackend` writes through :func:`~mmclimb.fileio.write_atomic`
instead (a temporary file in the same folder, ``fsync``, ``os.replace``): the
destination holds either its old content or the complete new content.

It is registered in mmengine's file backends as ``'atomic_local'``; select it
with ``backend_args=dict(backend='atomic_local')`` (e.g. on a
``CheckpointHook``). Everything but writing is :class:`LocalBackend`'s.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio import LocalBackend, register_backend

from .atomic import write_atomic

__all__ = ['AtomicLocalBackend']


@register_backend('atomic_local')
class AtomicLocalBackend(LocalBackend):
    """A :class:`~mmengine.fileio.LocalBackend` whose writes are atomic."""

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        """Write ``obj`` to ``filepath`` atomically (folders are created).

        Args:
            obj (bytes): The data.
            filepath (str | Path): The destination.
        """
        write_atomic(str(filepath), lambda file: file.write(obj))

    def put_text(self,
                 obj: str,
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
        """Write the text ``obj`` to ``filepath`` atomically.

        Args:
            obj (str): The text.
            filepath (str | Path): The destination.
            encoding (str): Defaults to ``'utf-8'``.
        """
        data = obj.encode(encoding)
        write_atomic(str(filepath), lambda file: file.write(data))
