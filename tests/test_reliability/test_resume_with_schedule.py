"""``--resume`` is exact with the shipped schedule, whatever the kill point.

configs/deciwatch_climb.py's schedule (thesis_from_scratch: reduce-on-plateau
on the validation loss, early stopping on it, the best checkpoint by
validation PCK@0.05) with a tiny DeciWatch and shortened patience
(tests/data/configs/deciwatch_tiny_schedule.py) on the tiny synthetic data.
Uninterrupted, this run reduces the learning rate after the validations of
epochs 6 and 9, takes its best checkpoint from epoch 9 and is stopped early
after epoch 10 (of at most 12). One chain of runs is killed by SIGKILL
before the validation of epoch 2, during the validation of epoch 5, after
the validation of epoch 8 (no new best: a bad epoch for the scheduler, which
then reduces the rate after epoch 9, and a wait for early stopping) and
after the validation of epoch 10 (the one that stops the run), each time
resumed with ``--resume``. Its final checkpoint, best checkpoint and
``best.pth`` equal the uninterrupted run's: weights, optimizer (learning
rate), scheduler and early-stopping counters, best score.
"""
import signal
import subprocess
import sys

import torch

from conftest import REPO, climb_data_options, run_tool

CONFIG = REPO / 'tests' / 'data' / 'configs' / 'deciwatch_tiny_schedule.py'
# early stopping (the schedule's custom_hooks.1) with shortened patience
EARLY_STOPPING = ('custom_hooks.1.patience=3',
                  'custom_hooks.1.min_delta=0.04')


def load(path):
    import mmclimb  # noqa: F401  (allow-lists mmengine's classes)
    return torch.load(path, map_location='cpu', weights_only=True)


def command(work_dir, root, *extra):
    return [
        sys.executable, 'tools/train.py',
        str(CONFIG), '--work-dir',
        str(work_dir), *extra, '--cfg-options',
        *climb_data_options(root), *EARLY_STOPPING
    ]


def killed(work_dir, root, kill, resume=True):
    """Run until SelfKillHook's ``kill`` option fires."""
    args = command(work_dir, root, *(['--resume'] if resume else []))
    proc = subprocess.run(
        args + [f'default_hooks.self_kill.{kill}'],
        cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-3000:]


def training_state(checkpoint):
    info = checkpoint['message_hub']['runtime_info']
    return dict(
        meta=(checkpoint['meta']['epoch'], checkpoint['meta']['iter']),
        lr=[group['lr'] for group in checkpoint['optimizer']['param_groups']],
        scheduler=checkpoint['param_schedulers'],
        early_stopping=info['early_stopping/loss'],
        best=(info['best_score'], info['best_ckpt'].rsplit('/', 1)[-1]))


def assert_same(checkpoint, reference):
    assert training_state(checkpoint) == training_state(reference)
    for name, weight in reference['state_dict'].items():
        # rtol 1e-6 for float summation order; in practice identical
        torch.testing.assert_close(
            checkpoint['state_dict'][name], weight, rtol=1e-6, atol=1e-8)


def test_resume_is_exact_before_during_and_after_validation(
        tmp_path, tiny_climb_root):
    reference = tmp_path / 'reference'
    run_tool(*command(reference, tiny_climb_root))
    final = load(reference / 'epoch_10.pth')
    assert training_state(final)['early_stopping']['stopped']
    assert final['optimizer']['param_groups'][0]['lr'] == 1e-4
    assert not (reference / 'epoch_11.pth').exists()  # stopped early

    work_dir = tmp_path / 'killed'
    killed(work_dir, tiny_climb_root, 'kill_before_val_of_epoch=2',
           resume=False)
    # the checkpoint of epoch 2 waits for its validation
    assert (work_dir / 'last_checkpoint').read_text().endswith('epoch_1.pth')
    killed(work_dir, tiny_climb_root, 'kill_in_val_of_epoch=5')
    assert (work_dir / 'last_checkpoint').read_text().endswith('epoch_4.pth')
    killed(work_dir, tiny_climb_root, 'kill_after_val_of_epoch=8')
    # killed after a validation without a new best: what it changed is
    # only counted (a bad epoch for the scheduler, a wait for early
    # stopping), and the checkpoint of epoch 8 has it
    epoch_8 = training_state(load(work_dir / 'epoch_8.pth'))
    assert epoch_8['scheduler'][0]['num_bad_epochs'] == 1
    assert epoch_8['early_stopping']['wait_count'] == 1
    killed(work_dir, tiny_climb_root, 'kill_after_val_of_epoch=10')
    proc = run_tool(*command(work_dir, tiny_climb_root, '--resume'))
    assert 'had stopped this run' in proc.stdout + proc.stderr

    assert_same(load(work_dir / 'epoch_10.pth'), final)
    assert not (work_dir / 'epoch_11.pth').exists()
    (best, ) = reference.glob('best_PCK@0.05_epoch_*.pth')
    assert [p.name for p in work_dir.glob('best_PCK*.pth')] == [best.name]
    best_state = load(best)['state_dict']
    for resumed_best in (work_dir / best.name, work_dir / 'best.pth'):
        for name, weight in best_state.items():
            torch.testing.assert_close(
                load(resumed_best)['state_dict'][name], weight, rtol=1e-6,
                atol=1e-8)
