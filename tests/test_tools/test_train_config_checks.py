"""tools/train.py finds config mistakes before training starts."""
import subprocess
import sys

from conftest import REPO, TOY_CONFIG


def train(tmp_path, *options):
    return subprocess.run(
        [sys.executable, 'tools/train.py', str(TOY_CONFIG), '--work-dir',
         str(tmp_path), '--cfg-options', *options],
        cwd=REPO, capture_output=True, text=True, timeout=600)


def test_misspelt_hook_argument_fails_before_training(tmp_path):
    proc = train(tmp_path, 'default_hooks.checkpoint.max_keep_ckpt=1')
    assert proc.returncode != 0
    assert "unknown argument(s) ['max_keep_ckpt']" in proc.stderr
    assert 'Epoch(train)' not in proc.stdout + proc.stderr
    assert not list(tmp_path.glob('*.pth'))


def test_unread_top_level_key_is_one_warning(tmp_path):
    proc = train(tmp_path, 'randomnes.seed=1', 'train_cfg.max_epochs=1')
    assert proc.returncode == 0, proc.stderr[-3000:]
    output = proc.stdout + proc.stderr
    assert output.count('top-level config keys that nothing reads') == 1
    assert 'nothing reads: randomnes ' in output
