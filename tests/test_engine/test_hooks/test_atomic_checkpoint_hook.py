"""AtomicCheckpointHook: old checkpoints go only after the new one is safe.

The end-to-end SIGKILL test is tests/test_reliability/test_resume.py; here
a save that dies (an exception from the runner's save) is simulated on a
minimal runner.
"""
from types import SimpleNamespace

import pytest
from mmengine.logging import MessageHub

from mmclimb.engine import AtomicCheckpointHook


class Killed(BaseException):
    pass


def make_runner(tmp_path, fail_on=None):
    def save_checkpoint(out_dir, filename, *args, **kwargs):
        if fail_on is not None and filename.startswith(fail_on):
            raise Killed
        (tmp_path / filename).write_bytes(b'complete')

    return SimpleNamespace(
        work_dir=str(tmp_path), message_hub=MessageHub.get_instance(
            f'atomic_hook_{tmp_path.name}'), epoch=0, iter=0,
        save_checkpoint=save_checkpoint, logger=SimpleNamespace(
            info=lambda *a: None))


def test_local_out_dir_uses_the_atomic_backend():
    assert AtomicCheckpointHook().backend_args == dict(backend='atomic_local')
    assert AtomicCheckpointHook(out_dir='s3://b/x').backend_args is None


def test_kill_during_save_keeps_outdated_checkpoint(tmp_path):
    hook = AtomicCheckpointHook(interval=1, max_keep_ckpts=1)
    runner = make_runner(tmp_path)
    hook.before_train(runner)
    hook._save_checkpoint_with_step(runner, 1, dict(epoch=1))
    assert (tmp_path / 'last_checkpoint').read_text().endswith('epoch_1.pth')
    runner.save_checkpoint = make_runner(tmp_path, 'epoch_2').save_checkpoint
    with pytest.raises(Killed):
        hook._save_checkpoint_with_step(runner, 2, dict(epoch=2))
    assert (tmp_path / 'epoch_1.pth').is_file()
    assert (tmp_path / 'last_checkpoint').read_text().endswith('epoch_1.pth')


def best_hook_after_epoch_1(tmp_path):
    hook = AtomicCheckpointHook(interval=1, save_best='acc', rule='greater')
    runner = make_runner(tmp_path)
    hook.before_train(runner)
    runner.epoch = 1
    hook.after_val_epoch(runner, dict(acc=0.5))
    assert (tmp_path / 'best_acc_epoch_1.pth').is_file()
    runner.epoch = 2
    return hook, runner


def test_new_best_replaces_the_previous_best(tmp_path):
    hook, runner = best_hook_after_epoch_1(tmp_path)
    hook.after_val_epoch(runner, dict(acc=0.9))
    assert sorted(p.name for p in tmp_path.glob('best_*')) == [
        'best_acc_epoch_2.pth'
    ]


def test_kill_while_saving_a_new_best_keeps_the_previous_best(tmp_path):
    hook, runner = best_hook_after_epoch_1(tmp_path)
    runner.save_checkpoint = make_runner(tmp_path, 'best').save_checkpoint
    with pytest.raises(Killed):
        hook.after_val_epoch(runner, dict(acc=0.9))
    assert (tmp_path / 'best_acc_epoch_1.pth').read_bytes() == b'complete'


def training_runner(tmp_path, val_interval=1, validates=True):
    runner = make_runner(tmp_path)
    saved = []

    def save_checkpoint(out_dir, filename, *args, meta=None, **kwargs):
        saved.append((filename, dict(meta),
                      runner.message_hub.get_info('best_score')))
        (tmp_path / filename).write_bytes(b'complete')

    runner.save_checkpoint = save_checkpoint
    runner.train_loop = SimpleNamespace(
        val_begin=1, val_interval=val_interval, max_epochs=4,
        dynamic_milestones=[0], dynamic_intervals=[val_interval])
    runner.val_loop = object() if validates else None
    return runner, saved


def test_epoch_checkpoint_is_saved_after_its_validation(tmp_path):
    hook = AtomicCheckpointHook(interval=1, save_best='acc', rule='greater')
    runner, saved = training_runner(tmp_path)
    hook.before_train(runner)
    hook.after_train_epoch(runner)  # epoch 1 ends: validation follows
    assert saved == []
    runner.epoch = 1  # the loop counts the epoch before validating
    hook.after_val_epoch(runner, dict(acc=0.5))
    # the best first, then the epoch checkpoint, which knows the best
    assert saved == [('best_acc_epoch_1.pth', dict(epoch=1, iter=0), 0.5),
                     ('epoch_1.pth', dict(epoch=1, iter=0), 0.5)]
    assert (tmp_path / 'last_checkpoint').read_text().endswith('epoch_1.pth')


def test_epoch_without_validation_saves_at_its_end(tmp_path):
    hook = AtomicCheckpointHook(interval=1)
    runner, saved = training_runner(tmp_path, val_interval=2)
    hook.before_train(runner)
    hook.after_train_epoch(runner)  # epoch 1: no validation after it
    assert [name for name, *_ in saved] == ['epoch_1.pth']
    assert saved[0][1] == dict(epoch=1, iter=0)
    runner.epoch = 1
    hook.after_train_epoch(runner)  # epoch 2: validated, so deferred
    assert len(saved) == 1
    runner.epoch = 2
    hook.after_val_epoch(runner, dict(acc=0.5))
    assert saved[-1][:2] == ('epoch_2.pth', dict(epoch=2, iter=0))


def test_pending_checkpoint_is_saved_if_no_validation_came(tmp_path):
    hook = AtomicCheckpointHook(interval=1)
    runner, saved = training_runner(tmp_path)
    hook.before_train(runner)
    hook.after_train_epoch(runner)
    runner.epoch = 1
    hook.after_train(runner)
    assert saved[-1][:2] == ('epoch_1.pth', dict(epoch=1, iter=0))
