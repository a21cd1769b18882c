"""Warnings about data, said once with a count.

A transform that meets questionable data (an empty heatmap channel, a
keypoint outside its box) calls :func:`warn_data` with the *kind* of the
problem and the video. The warning's text is the kind alone, so Python
shows it once per process however many windows and videos have it (a
:class:`DataWarning` carries the video as an attribute). Where a whole
dataset is processed at once (a dataset's frame pipeline when it is built),
:func:`summarise_data_warnings` collects them and says each kind once, with
the number of videos and the first names; :func:`caught_data_warnings`
collects them for a caller that reports them itself.
"""
import warnings
from contextlib import contextmanager
from typing import Dict, List

__all__ = [
    'DataWarning', 'caught_data_warnings', 'summarise_data_warnings',
    'warn_data'
]


class DataWarning(UserWarning):
    """A warning about the data, whose text is its ``kind``.

    Args:
        kind (str): What is wrong and what is done about it.
        video (str): Where it was met.
    """

    def __init__(self, kind: str, video: str = ''):
        super().__init__(kind)
        self.kind = kind
        self.video = video


def warn_data(kind: str, video: str = '', stacklevel: int = 3) -> None:
    """Issue a :class:`DataWarning` (shown once per process per kind).

    Args:
        kind (str): What is wrong and what is done about it.
        video (str): The video it was met in.
        stacklevel (int): As for ``warnings.warn``; the default points at
            the caller of the function that calls this one.
    """
    warnings.warn(DataWarning(kind, video), stacklevel=stacklevel)


@contextmanager
def caught_data_warnings():
    """Collect the :class:`DataWarning` s of the block instead of showing
    them; other warnings pass through unchanged.

    Yields:
        list[DataWarning]: Filled with the block's data warnings, in order,
        when the block ends.
    """
    caught: List[DataWarning] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter('always')
        yield caught
    for record in records:
        if isinstance(record.message, DataWarning):
            caught.append(record.message)
        else:
            warnings.warn_explicit(record.message, record.category,
                                   record.filename, record.lineno)


@contextmanager
def summarise_data_warnings(source: str, total: int, shown: int = 3):
    """Collect the :class:`DataWarning` s of the block; say each kind once.

    Other warnings pass through unchanged.

    Args:
        source (str): What was processed, for the text (e.g. a data root
            and split).
        total (int): How many videos were processed.
        shown (int): How many video names to list per kind. Defaults to 3.
    """
    with caught_data_warnings() as caught:
        yield
    videos: Dict[str, List[str]] = {}
    for warning in caught:
        names = videos.setdefault(warning.kind, [])
        if warning.video not in names:
            names.append(warning.video)
    for kind, names in videos.items():
        listed = ', '.join(names[:shown]) + (', ...'
                                             if len(names) > shown else '')
        warnings.warn(
            f'{source}: {kind}: {len(names)} of {total} videos ({listed})',
            stacklevel=3)
