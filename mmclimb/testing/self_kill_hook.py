"""A hook that SIGKILLs its own training process at a chosen point.

For tests of interrupted training: the process dies as it would on an
out-of-memory kill or a pre-empted node (no exception handlers, no
``finally`` blocks, no flushing), either

- in the middle of an epoch, after training iteration ``kill_at_iter``
  (1-based, counted over the whole run), or
- in the middle of saving the checkpoint of epoch ``kill_in_save_of_epoch``:
  after the checkpoint's bytes have been written to their temporary file and
  just before the rename that would publish them (the first ``os.replace``
  after the runner's ``before_save_checkpoint``), or
- around the validation after epoch N: before it starts
  (``kill_before_val_of_epoch``), after its first batch
  (``kill_in_val_of_epoch``), or after every ``after_val_epoch`` hook of
  higher priority and the checkpoint hook (``kill_after_val_of_epoch``).
"""
import os
import signal
from typing import Optional

from mmengine.hooks import Hook
from mmpose.registry import HOOKS

__all__ = ['SelfKillHook']


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@HOOKS.register_module()
class SelfKillHook(Hook):
    """SIGKILL this process mid-epoch or mid-save (tests only).

    Args:
        kill_at_iter (int, optional): Die after this training iteration
            (1-based). Defaults to None.
        kill_in_save_of_epoch (int, optional): Die while saving the
            checkpoint of this epoch (1-based). Defaults to None.
        kill_before_val_of_epoch (int, optional): Die as the validation
            after this epoch (1-based) starts. Defaults to None.
        kill_in_val_of_epoch (int, optional): Die after the first batch of
            that validation. Defaults to None.
        kill_after_val_of_epoch (int, optional): Die at the end of that
            validation, after the checkpoint hook. Defaults to None.
    """

    priority = 'VERY_LOW'

    def __init__(self,
                 kill_at_iter: Optional[int] = None,
                 kill_in_save_of_epoch: Optional[int] = None,
                 kill_before_val_of_epoch: Optional[int] = None,
                 kill_in_val_of_epoch: Optional[int] = None,
                 kill_after_val_of_epoch: Optional[int] = None):
        self.kill_at_iter = kill_at_iter
        self.kill_in_save_of_epoch = kill_in_save_of_epoch
        self.kill_before_val_of_epoch = kill_before_val_of_epoch
        self.kill_in_val_of_epoch = kill_in_val_of_epoch
        self.kill_after_val_of_epoch = kill_after_val_of_epoch

    def before_val_epoch(self, runner) -> None:
        """Die before the validation of ``kill_before_val_of_epoch``."""
        if runner.epoch == self.kill_before_val_of_epoch:
            _kill_self()

    def after_val_iter(self,
                       runner,
                       batch_idx: int,
                       data_batch=None,
                       outputs=None) -> None:
        """Die after the first batch of ``kill_in_val_of_epoch``'s
        validation."""
        if runner.epoch == self.kill_in_val_of_epoch and batch_idx == 0:
            _kill_self()

    def after_val_epoch(self, runner, metrics=None) -> None:
        """Die after the validation of ``kill_after_val_of_epoch``."""
        if runner.epoch == self.kill_after_val_of_epoch:
            _kill_self()

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        """Die after iteration ``kill_at_iter``."""
        if self.kill_at_iter is not None and \
                runner.iter + 1 == self.kill_at_iter:
            _kill_self()

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Arm ``os.replace`` to die when this epoch's checkpoint is
        published."""
        epoch = checkpoint.get('meta', {}).get('epoch')
        if self.kill_in_save_of_epoch is None or \
                epoch != self.kill_in_save_of_epoch:
            return

        def replace_then_die(src, dst, *args, **kwargs):
            _kill_self()

        os.replace = replace_then_die
