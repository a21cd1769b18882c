"""run_main: a user's error is one line and exit 1; --debug shows all."""
import argparse
import warnings

import pytest

from mmclimb.utils import DEBUG_ENV, add_debug_argument, run_main


def _main_raising(error):

    def main(argv=None):
        parser = argparse.ArgumentParser()
        add_debug_argument(parser)
        parser.parse_args(argv)
        raise error

    return main


@pytest.mark.parametrize('error,line', [
    (ValueError('a.npz: field "x": bad\nsecond line'),
     'a.npz: field "x": bad second line'),
    (FileNotFoundError(2, 'No such file or directory', 'b.pth'),
     "[Errno 2] No such file or directory: 'b.pth'"),
    (KeyError('Foo is not in the mmpose::model registry'),
     'Foo is not in the mmpose::model registry'),
])
def test_user_error_is_one_line_and_exit_1(monkeypatch, capsys, error, line):
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    assert run_main(_main_raising(error), [], prog='tool.py') == 1
    err = capsys.readouterr().err
    assert err.count('\n') == 1
    assert err.startswith(f'tool.py: error: {line} (--debug or ')


def test_debug_flag_and_environment_raise_with_traceback(monkeypatch):
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    with pytest.raises(ValueError, match='bad'):
        run_main(_main_raising(ValueError('bad')), ['--debug'])
    monkeypatch.setenv(DEBUG_ENV, '1')
    with pytest.raises(ValueError, match='bad'):
        run_main(_main_raising(ValueError('bad')), [])
    monkeypatch.setenv(DEBUG_ENV, '0')
    assert run_main(_main_raising(ValueError('bad')), []) == 1


def test_a_bug_keeps_its_traceback(monkeypatch):
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    with pytest.raises(ZeroDivisionError):
        run_main(_main_raising(ZeroDivisionError('bug')), [])


def test_success_and_warnings_on_one_line():
    formatted = []

    def main(argv=None):
        formatted.append(warnings.formatwarning('two\nlines', UserWarning,
                                                'f.py', 3))

    before = warnings.formatwarning
    assert run_main(main, []) == 0
    assert formatted == ['UserWarning: two lines\n']
    assert warnings.formatwarning is before  # restored afterwards
