"""What the command-line tools share: one clear line for a user's error.

Contract:
    - :func:`run_main` runs a tool's ``main``: an error a user can make (a
      ``ValueError`` such as every mmclimb input error, an ``OSError`` such
      as a missing file, a ``KeyError`` such as an unknown type in a config,
      a ``SyntaxError`` in a config file) is printed as one line
      ``<tool>: error: <message>`` on stderr and the exit status is 1; with
      ``--debug`` on the command line (:func:`add_debug_argument`) or
      ``MMCLIMB_DEBUG=1`` in the environment the exception is raised with
      its traceback instead. Any other exception (a bug) keeps its
      traceback. Warnings are printed on one line each,
      ``<Category>: <message>``.
    - :func:`add_debug_argument` adds ``--debug`` to a parser.
    - :func:`device_argument` is an ``argparse`` type for ``--device``: a
      device the machine cannot serve is a usage error
      (:func:`~mmclimb.utils.check_device`).
"""
import argparse
import os
import os.path as osp
import sys
import warnings
from typing import Callable, Optional, Sequence

from .device import check_device

__all__ = [
    'DEBUG_ENV', 'USER_ERRORS', 'add_debug_argument', 'device_argument',
    'run_main'
]

#: the environment variable that shows tracebacks (any value but '' and '0')
DEBUG_ENV = 'MMCLIMB_DEBUG'
#: exceptions printed as one line
USER_ERRORS = (ValueError, OSError, KeyError, SyntaxError)


class _DebugAction(argparse.Action):
    """``--debug``: sets :data:`DEBUG_ENV` for :func:`run_main`."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        os.environ[DEBUG_ENV] = '1'
        setattr(namespace, self.dest, True)


def add_debug_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--debug`` (show the traceback of an error) to ``parser``."""
    parser.add_argument(
        '--debug',
        action=_DebugAction,
        default=False,
        help=f'show the full traceback of an error (also: {DEBUG_ENV}=1)')


def device_argument(device: str) -> str:
    """``argparse`` type of ``--device``: the device, if usable here."""
    try:
        return check_device(device)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _debugging() -> bool:
    return os.environ.get(DEBUG_ENV, '') not in ('', '0')


def _message(err: BaseException) -> str:
    """The exception's text on one line (a KeyError without its quotes)."""
    text = err.args[0] if isinstance(err, KeyError) and len(
        err.args) == 1 and isinstance(err.args[0], str) else str(err)
    text = ' '.join(text.split())
    if isinstance(err, OSError) and err.filename and str(
            err.filename) not in text:
        text = f'{err.filename}: {text}'
    return text or type(err).__name__


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    return f'{category.__name__}: {" ".join(str(message).split())}\n'


def run_main(main: Callable, argv: Optional[Sequence[str]] = None,
             prog: Optional[str] = None) -> int:
    """Run ``main(argv)``; a user's error becomes one line and exit 1.

    Args:
        main (Callable): The tool's ``main(argv=None)``.
        argv (Sequence[str], optional): Defaults to ``sys.argv[1:]``.
        prog (str, optional): The tool's name in messages. Defaults to the
            script's file name.

    Returns:
        int: The exit status (0, or 1 after a user's error).
    """
    prog = prog or osp.basename(sys.argv[0])
    # restored on return, for callers that run several tools in one process
    formatwarning, debug = warnings.formatwarning, os.environ.get(DEBUG_ENV)
    warnings.formatwarning = _one_line_warning
    try:
        main(argv)
    except USER_ERRORS as err:
        if _debugging():
            raise
        print(f'{prog}: error: {_message(err)} (--debug or {DEBUG_ENV}=1 '
              'shows the traceback)', file=sys.stderr)
        return 1
    finally:
        warnings.formatwarning = formatwarning
        if debug is None:
            os.environ.pop(DEBUG_ENV, None)
        else:
            os.environ[DEBUG_ENV] = debug
    return 0
