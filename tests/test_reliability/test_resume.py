"""A training run killed with SIGKILL and restarted with ``--resume`` ends
with the same weights as an uninterrupted run (tools/train.py end to end).

The toy refiner trains with dropout (``model.dropout=0.3``), so the result
depends on the random state of every epoch, not only on the data order: an
exact match needs mmclimb's EpochSeedHook (without it the final weights of
this setup differ by about 1.5e-2). 32 windows, batch 4: 8 iterations per
epoch, 2 epochs.
"""
import signal
import subprocess
import sys

import torch

from conftest import REPO, TOY_CONFIG, run_tool

KILLED_CONFIG = REPO / 'tests' / 'data' / 'configs' / 'toy_refiner_killed.py'
OPTIONS = ('model.dropout=0.3', 'randomness.seed=0',
           'randomness.deterministic=True',
           'default_hooks.checkpoint.max_keep_ckpts=1')


def load_state(path):
    import mmclimb  # noqa: F401  (allow-lists mmengine's classes)
    return torch.load(path, map_location='cpu', weights_only=True)


def train(work_dir, *extra, config=TOY_CONFIG):
    return run_tool(sys.executable, 'tools/train.py', config, '--work-dir',
                    work_dir, *extra, '--cfg-options', *OPTIONS)


def train_killed(work_dir, *args):
    """tools/train.py with SelfKillHook armed by the last of ``args`` (a
    ``--cfg-options`` item); asserts that the process died by SIGKILL."""
    *extra, kill_option = args
    proc = subprocess.run([
        sys.executable, 'tools/train.py',
        str(KILLED_CONFIG), '--work-dir',
        str(work_dir), *extra, '--cfg-options', *OPTIONS, kill_option
    ],
                          cwd=REPO,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-3000:]


def assert_same_weights(checkpoint, reference, iters=16):
    """Both after epoch 2 and ``iters`` steps, with the same weights."""
    assert checkpoint['meta']['epoch'] == reference['meta']['epoch'] == 2
    assert checkpoint['meta']['iter'] == reference['meta']['iter'] == iters
    for name, weight in reference['state_dict'].items():
        # float tolerance: rtol 1e-6; in practice the weights are identical
        torch.testing.assert_close(
            checkpoint['state_dict'][name], weight, rtol=1e-6, atol=1e-8)


def test_killed_twice_then_resumed_gives_uninterrupted_weights(tmp_path):
    reference = tmp_path / 'reference'
    train(reference)
    work_dir = tmp_path / 'killed'

    # 1. SIGKILL after iteration 12 of 16: epoch 2 half done, epoch_1 saved
    train_killed(work_dir, 'custom_hooks.1.kill_at_iter=12')
    assert (work_dir / 'last_checkpoint').read_text() == str(
        work_dir / 'epoch_1.pth')
    assert not (work_dir / 'epoch_2.pth').exists()

    # 2. resumed, then SIGKILL while saving epoch 2 (its bytes written to a
    # temporary file, not yet renamed). With max_keep_ckpts=1 mmengine's
    # CheckpointHook deletes epoch_1.pth before writing epoch_2.pth;
    # AtomicCheckpointHook keeps it until epoch_2.pth is in place.
    train_killed(work_dir, '--resume',
                 'custom_hooks.1.kill_in_save_of_epoch=2')
    assert not (work_dir / 'epoch_2.pth').exists()
    assert (work_dir / 'last_checkpoint').read_text() == str(
        work_dir / 'epoch_1.pth')
    assert load_state(work_dir / 'epoch_1.pth')['meta']['epoch'] == 1
    # what the kill left is a hidden temporary file, never a final name
    leftovers = [path.name for path in work_dir.glob('*.tmp')]
    assert leftovers and all(
        name.startswith('.epoch_2.pth.') for name in leftovers)

    # 3. resumed again: redoes epoch 2 from epoch_1.pth
    proc = train(work_dir, '--resume')
    assert 'resumed epoch: 1, iter: 8' in proc.stdout + proc.stderr
    assert_same_weights(
        load_state(work_dir / 'epoch_2.pth'),
        load_state(reference / 'epoch_2.pth'))
    assert not (work_dir / 'epoch_1.pth').exists()  # max_keep_ckpts=1


def test_resume_is_exact_on_a_general_config_with_loader_workers(tmp_path):
    """The general family's random training inputs (cameras, frame rates,
    detector noise) are drawn in persistent loader workers, which a resumed
    run starts afresh: they come from WindowSeedSampler's window seeds, so
    epoch 2 of a resumed run sees the inputs of the uninterrupted one
    (DeciWatch with its dropout on)."""
    from conftest import tiny_general_run
    tiny, options = tiny_general_run(tmp_path, 'deciwatch_general.py',
                                     workers=2)
    options = [*options, 'model.head.dropout=0.1']

    def run(work_dir, epochs, *extra):
        run_tool(sys.executable, 'tools/train.py', tiny, '--work-dir',
                 work_dir, *extra, '--cfg-options', *options,
                 f'train_cfg.max_epochs={epochs}')

    reference, resumed = tmp_path / 'reference', tmp_path / 'resumed'
    run(reference, 2)
    run(resumed, 1)
    run(resumed, 2, '--resume')
    state = load_state(resumed / 'epoch_2.pth')
    expected = load_state(reference / 'epoch_2.pth')
    # 6 windows at batch 4: 2 steps per epoch
    assert_same_weights(state, expected, iters=4)
