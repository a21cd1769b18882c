"""Shared fixtures: paths and a runner for the command-line tools."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOY_CONFIG = REPO / 'tests' / 'data' / 'configs' / 'toy_refiner.py'


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def run_tool(*args, env=None, timeout=600):
    """Run ``args`` from the repo root with this interpreter's venv first
    on PATH; fail the test with the tool's output if it exits non-zero."""
    full_env = dict(os.environ)
    full_env['PATH'] = f'{Path(sys.executable).parent}:{full_env["PATH"]}'
    full_env.update(env or {})
    proc = subprocess.run([str(a) for a in args],
                          cwd=REPO,
                          env=full_env,
                          capture_output=True,
                          text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f'{" ".join(map(str, args))} exited {proc.returncode}\n'
                    f'--- stdout ---\n{proc.stdout[-6000:]}\n'
                    f'--- stderr ---\n{proc.stderr[-6000:]}')
    return proc


@pytest.fixture(scope='session')
def python():
    return sys.executable


@pytest.fixture(scope='session')
def trained(tmp_path_factory, python):
    """A two-epoch ``tools/train.py`` run of the toy config; its work dir."""
    work_dir = tmp_path_factory.mktemp('train')
    run_tool(python, 'tools/train.py', TOY_CONFIG, '--work-dir', work_dir)
    return work_dir
