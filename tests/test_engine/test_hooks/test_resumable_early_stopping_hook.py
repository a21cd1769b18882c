"""ResumableEarlyStoppingHook: its counters travel in the message hub, so
``--resume`` continues them (end to end:
tests/test_reliability/test_resume_with_schedule.py)."""
from types import SimpleNamespace

from mmengine.logging import MessageHub

from mmclimb.engine import ResumableEarlyStoppingHook


def make_runner(name):
    return SimpleNamespace(
        message_hub=MessageHub.get_instance(f'early_stopping_{name}'),
        train_loop=SimpleNamespace(stop_training=False),
        logger=SimpleNamespace(info=lambda *a: None))


def test_state_is_recorded_and_restored():
    hook = ResumableEarlyStoppingHook(
        monitor='loss', rule='less', min_delta=0.0, patience=3)
    runner = make_runner('restore')
    for loss in (1.0, 0.5, 0.7):
        hook.after_val_epoch(runner, dict(loss=loss))
    state = runner.message_hub.get_info('early_stopping/loss')
    assert state == dict(best_score=0.5, wait_count=1, stopped=False)

    resumed = ResumableEarlyStoppingHook(
        monitor='loss', rule='less', min_delta=0.0, patience=3)
    resumed.before_train(runner)
    assert (resumed.best_score, resumed.wait_count) == (0.5, 1)
    resumed.after_val_epoch(runner, dict(loss=0.6))
    resumed.after_val_epoch(runner, dict(loss=0.6))
    assert runner.train_loop.stop_training  # 3 without improvement in all


def test_a_run_resumed_after_stopping_stops_at_once():
    hook = ResumableEarlyStoppingHook(monitor='loss', rule='less', patience=1)
    runner = make_runner('stopped')
    hook.after_val_epoch(runner, dict(loss=1.0))
    hook.after_val_epoch(runner, dict(loss=2.0))
    assert runner.message_hub.get_info('early_stopping/loss')['stopped']
    resumed_runner = make_runner('stopped')  # the same message hub
    ResumableEarlyStoppingHook(
        monitor='loss', rule='less', patience=1).before_train(resumed_runner)
    assert resumed_runner.train_loop.stop_training


def test_runs_before_the_checkpoint_hook():
    from mmengine.hooks import CheckpointHook
    from mmengine.runner import get_priority
    assert get_priority(ResumableEarlyStoppingHook.priority) < get_priority(
        CheckpointHook.priority)
