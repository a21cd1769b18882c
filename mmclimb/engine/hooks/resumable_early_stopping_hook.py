"""Early stopping whose state survives ``--resume``.

mmengine 0.10.7's :class:`~mmengine.hooks.EarlyStoppingHook` keeps its best
score and its count of validations without improvement in the hook object
only: a resumed run starts counting from zero (and, run after the checkpoint
hook, its update of an epoch would miss that epoch's checkpoint anyway).

:class:`ResumableEarlyStoppingHook` keeps ``best_score``, ``wait_count`` and
whether it stopped the run in the message hub's runtime info under
``early_stopping/<monitor>`` (the message hub is part of every checkpoint
and is restored by ``--resume`` only, not by ``load_from``), reads them back
before training, and runs before the checkpoint hook (priority ``'LOW'``),
so the checkpoint saved after a validation holds its outcome. A run resumed
from the checkpoint of the validation that stopped it stops at once.
"""
from typing import Dict, Optional

from mmengine.hooks import EarlyStoppingHook
from mmpose.registry import HOOKS

__all__ = ['ResumableEarlyStoppingHook']


@HOOKS.register_module()
class ResumableEarlyStoppingHook(EarlyStoppingHook):
    """:class:`~mmengine.hooks.EarlyStoppingHook` with its state in the
    checkpoint.

    Takes :class:`~mmengine.hooks.EarlyStoppingHook`'s arguments.
    """

    priority = 'LOW'

    @property
    def info_key(self) -> str:
        """The runtime-info key of this hook's state."""
        return f'early_stopping/{self.monitor}'

    def before_train(self, runner) -> None:
        """Restore the state a resumed checkpoint carries."""
        state = runner.message_hub.runtime_info.get(self.info_key)
        if state is None:
            return
        self.best_score = float(state['best_score'])
        self.wait_count = int(state['wait_count'])
        if state['stopped']:
            runner.train_loop.stop_training = True
            runner.logger.info(
                f'early stopping on {self.monitor} had stopped this run '
                f'(best {self.best_score:.6g}); nothing left to train')

    def after_val_epoch(self,
                        runner,
                        metrics: Optional[Dict[str, float]] = None) -> None:
        """Decide as mmengine does, then record the state."""
        super().after_val_epoch(runner, metrics or {})
        runner.message_hub.update_info(
            self.info_key,
            dict(
                best_score=float(self.best_score),
                wait_count=int(self.wait_count),
                stopped=bool(runner.train_loop.stop_training)))
