"""Every tool: a user's error is one line and exit 1 (argparse usage errors
exit 2), the traceback only with MMCLIMB_DEBUG=1; checkpoints that do not fit
are refused by tools/test.py and by load_from in tools/train.py."""
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mmengine.logging import MMLogger

from conftest import REPO, TOY_CONFIG, climb_data_options
from mmclimb.utils import run_main

TOOLS = sorted(
    str(path.relative_to(REPO)) for path in [
        *REPO.glob('tools/*.py'), *REPO.glob('tools/analysis/*.py'),
        *REPO.glob('tools/model_converters/*.py'),
        *REPO.glob('tools/deployment/*.py'),
        REPO / 'tools/dataset_converters/make_climbalong_split.py'
    ])


def run(*args, env=None):
    """Run a tool; its exit status, stdout and stderr (any status)."""
    full_env = dict(os.environ)
    full_env.pop('MMCLIMB_DEBUG', None)
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, *map(str, args)],
                          cwd=REPO,
                          env=full_env,
                          capture_output=True,
                          text=True,
                          timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def tool_main(tool):
    """A tool's ``main``, imported from its file."""
    spec = importlib.util.spec_from_file_location(
        Path(tool).stem, REPO / tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def run_inside(capsys, tool, *args):
    """``run_main`` of a tool in this process: exit status, out, err."""
    os.environ.pop('MMCLIMB_DEBUG', None)
    loggers = set(MMLogger._instance_dict)
    try:
        code = run_main(tool_main(tool), [str(a) for a in args],
                        prog=Path(tool).name)
    except SystemExit as exit_:
        code = exit_.code
    finally:
        # a runner's logger is named after the config and the second it
        # started: a later run of the same config within that second would
        # get this one, whose handlers write to this test's closed capture
        for name in set(MMLogger._instance_dict) - loggers:
            del MMLogger._instance_dict[name]
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_lines(stderr):
    return [line for line in stderr.splitlines() if ': error: ' in line]


@pytest.mark.parametrize('tool', TOOLS)
def test_every_tool_runs_its_main_through_run_main(tool):
    source = (REPO / tool).read_text()
    assert 'sys.exit(run_main(main))' in source
    assert 'add_debug_argument(parser)' in source


@pytest.mark.parametrize('args,message', [
    (['tools/refine.py', 'configs/identity_climb.py', 'nope.npz',
      '--out-dir', 'x'], 'input sequence nope.npz does not exist'),
    (['tools/train.py', 'configs/nope.py'],
     "No such file or directory: 'configs/nope.py'"),
    (['tools/test.py', 'configs/identity_climb.py', '--out', 'm.txt'],
     '--out must name a .json, .yaml or .pkl file'),
    (['tools/analysis/compare_results.py', 'a=nope.json'],
     "No such file or directory: 'nope.json'"),
])
def test_a_user_error_is_one_line_and_exit_1(capsys, args, message):
    code, _, stderr = run_inside(capsys, *args)
    assert code == 1
    assert 'Traceback' not in stderr
    lines = error_lines(stderr)
    assert len(lines) == 1 and message in lines[0], stderr[-2000:]
    assert 'MMCLIMB_DEBUG=1 shows the traceback' in lines[0]


def test_as_a_script_one_line_and_the_traceback_behind_the_variable():
    args = ('tools/refine.py', 'configs/identity_climb.py', 'nope.npz',
            '--out-dir', 'x')
    code, _, stderr = run(*args)
    assert code == 1 and 'Traceback' not in stderr
    assert len(error_lines(stderr)) == 1
    code, _, stderr = run(*args, env=dict(MMCLIMB_DEBUG='1'))
    assert code == 1
    assert 'Traceback' in stderr and 'FileNotFoundError' in stderr


@pytest.mark.parametrize('tool', ['tools/train.py', 'tools/test.py',
                                  'tools/refine.py'])
def test_an_unknown_allocator_mode_is_one_line(capsys, monkeypatch, tool):
    monkeypatch.setenv('MMCLIMB_ALLOCATOR', 'jemalloc')
    args = ['configs/identity_climb.py']
    if tool == 'tools/refine.py':
        args += ['in.npz', '--out-dir', 'x']
    code, _, stderr = run_inside(capsys, tool, *args)
    lines = error_lines(stderr)
    assert code == 1 and len(lines) == 1, stderr[-2000:]
    assert "MMCLIMB_ALLOCATOR='jemalloc': expected one of" in lines[0]


@pytest.mark.parametrize('tool,device,message', [
    (['tools/refine.py', 'configs/identity_climb.py', 'in.npz', '--out-dir',
      'x'], 'cuda:7', "device 'cuda:7': this machine has"),
    (['tools/video_to_climbalong.py', 'v.mp4', 'pose.py', '--out', 'o.npz'],
     'garbage', "device 'garbage' is not a device"),
    (['tools/benchmark.py'], 'cuda:7', "device 'cuda:7': this machine has"),
])
def test_a_device_the_machine_cannot_serve(capsys, tool, device, message):
    code, _, stderr = run_inside(capsys, *tool, '--device', device)
    assert code == 2
    assert 'Traceback' not in stderr
    assert f'error: argument --device: {message}' in stderr


@pytest.fixture(scope='module')
def toy_checkpoint(trained):
    return trained / 'epoch_2.pth'


def test_test_tool_refuses_a_checkpoint_that_does_not_fit(capsys, 
        toy_checkpoint, tmp_path):
    code, stdout, stderr = run_inside(capsys, 'tools/test.py', TOY_CONFIG, toy_checkpoint,
                               '--work-dir', tmp_path, '--cfg-options',
                               'model.kernel_size=5')
    assert code == 1
    lines = error_lines(stderr)
    assert len(lines) == 1
    assert f'{toy_checkpoint}: the checkpoint does not fit' in lines[0]
    assert 'conv.weight (2, 2, 3) in the checkpoint, (2, 2, 5) in the ' \
        'model' in lines[0]
    assert 'Epoch(test)' not in stdout  # no metric of a wrong model


def test_test_tool_partial_load_says_what_was_loaded(capsys, toy_checkpoint,
                                                     tmp_path):
    code, stdout, stderr = run_inside(capsys, 'tools/test.py', TOY_CONFIG, toy_checkpoint,
                               '--work-dir', tmp_path, '--cfg-options',
                               'model.kernel_size=5', 'partial_load=True')
    assert code == 0, stderr[-3000:]
    log = stdout + stderr
    assert re.search(r'WARNING - partial load of .*epoch_2\.pth: 1 of 2 '
                     r'model tensors loaded; kept at their initialisation '
                     r'and ignored: 1 of another shape \(conv\.weight', log)


def test_test_tool_without_a_checkpoint_says_untrained(capsys, tmp_path):
    code, stdout, stderr = run_inside(capsys, 'tools/test.py', TOY_CONFIG, '--work-dir',
                               tmp_path)
    assert code == 0, stderr[-3000:]
    warning = [line for line in (stdout + stderr).splitlines()
               if 'UNTRAINED' in line]
    assert len(warning) == 1 and 'WARNING' in warning[0]
    assert 'toy_refiner.py: no checkpoint given: its 14 parameters' in \
        warning[0]


def test_identity_without_a_checkpoint_is_not_called_untrained(capsys, 
        tiny_climb_root, tmp_path):
    code, stdout, stderr = run_inside(capsys, 'tools/test.py', 'configs/identity_climb.py',
                               '--work-dir', tmp_path, '--cfg-options',
                               *climb_data_options(tiny_climb_root,
                                                   splits=('test', )))
    assert code == 0, stderr[-3000:]
    assert 'UNTRAINED' not in stdout + stderr


def test_train_load_from_that_does_not_fit_stops_before_training(capsys, 
        toy_checkpoint, tmp_path):
    code, _, stderr = run_inside(capsys, 'tools/train.py', TOY_CONFIG, '--work-dir',
                          tmp_path, '--cfg-options', 'model.kernel_size=5',
                          f'load_from={toy_checkpoint}')
    assert code == 1
    assert 'conv.weight (2, 2, 3) in the checkpoint' in error_lines(
        stderr)[0]
    assert not list(Path(tmp_path).glob('epoch_*.pth'))


def test_test_tool_needs_no_training_dataset(capsys, tiny_climb_root, tmp_path):
    # the DeciWatch schedule has EarlyStoppingHook, which asks for the
    # training loop (and so built the training dataset) before testing
    code, stdout, stderr = run_inside(
        capsys, 'tools/test.py', 'configs/deciwatch_climb.py', '--work-dir', tmp_path,
        '--cfg-options',
        *climb_data_options(tiny_climb_root, splits=('test', )),
        'train_dataloader.dataset.data_root=/nonexistent/climb')
    assert code == 0, stderr[-3000:]
    assert 'PCK@0.05' in stdout + stderr
