"""Checkpoints that a killed job can never corrupt or lose.

mmengine 0.10.7's :class:`~mmengine.hooks.CheckpointHook` has three windows
in which a job killed while saving loses its last good checkpoint:

1. the checkpoint file is written in place (``open(path, 'wb')``), so a kill
   mid-write leaves a truncated ``epoch_N.pth``;
2. ``last_checkpoint`` (what ``--resume`` reads) is rewritten in place too,
   and is empty for a moment;
3. with ``max_keep_ckpts`` (and for the best checkpoint with ``save_best``)
   the outdated checkpoint is deleted *before* the new one is written: with
   ``max_keep_ckpts=1`` a kill during the save leaves ``last_checkpoint``
   naming a file that no longer exists.

:class:`AtomicCheckpointHook` changes the order and the writes, nothing else
(same arguments, same file names, same runtime info for resuming): write the
new checkpoint atomically (:class:`~mmclimb.fileio.AtomicLocalBackend`),
then point ``last_checkpoint`` at it atomically, and only then delete the
outdated ones. At every moment ``last_checkpoint`` names a complete
checkpoint.

It also saves an epoch's checkpoint *after* that epoch's validation when one
follows (mmengine saves it before): what the validation changes (the
reduce-on-plateau scheduler's counters and learning rate, early stopping's
counters, the best score and best checkpoint) is then in the checkpoint
``--resume`` reads. A job killed before or during the validation resumes
from the previous epoch's checkpoint and redoes the epoch (exactly, with
:class:`~mmclimb.engine.hooks.EpochSeedHook`); one killed after it resumes
with the validation's effects. The previous best checkpoint is deleted only
after the epoch checkpoint naming the new one is written. Hooks whose
``after_val_epoch`` changes training state must run before this hook
(priority above ``'VERY_LOW'``; :class:`ResumableEarlyStoppingHook` does).
Iteration-based training keeps mmengine's order.
"""
import bisect
import inspect
import os.path as osp
from typing import List, Optional

from mmengine.dist import is_main_process
from mmengine.hooks import CheckpointHook
from mmpose.registry import HOOKS

from mmclimb.fileio import write_atomic

__all__ = ['AtomicCheckpointHook']


class _DeferredRemovals:
    """A file backend proxy that records ``remove``/``rmtree`` calls.

    Everything else is forwarded to the wrapped backend.
    """

    def __init__(self, backend):
        self._backend = backend
        self.paths: List[str] = []

    def remove(self, filepath) -> None:
        self.paths.append(str(filepath))

    def rmtree(self, dir_path) -> None:
        self.paths.append(str(dir_path))

    def __getattr__(self, name):
        return getattr(self._backend, name)


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """A :class:`~mmengine.hooks.CheckpointHook` with crash-safe saving.

    Takes :class:`~mmengine.hooks.CheckpointHook`'s arguments. For a local
    ``out_dir`` (the default, the work dir) without ``backend_args`` or
    ``file_client_args``, checkpoints are written with the
    ``'atomic_local'`` backend. mmengine passes unknown keyword arguments
    on to ``Runner.save_checkpoint``, which takes none, so a misspelt
    argument would fail at the first save, after an epoch: here it fails
    when the hook is built, before training.

    Raises:
        TypeError: An argument that is not one of ``CheckpointHook``'s.
    """

    def __init__(self,
                 *args,
                 out_dir: Optional[str] = None,
                 file_client_args: Optional[dict] = None,
                 backend_args: Optional[dict] = None,
                 **kwargs):
        local = out_dir is None or '://' not in str(out_dir)
        if local and backend_args is None and file_client_args is None:
            backend_args = dict(backend='atomic_local')
        super().__init__(
            *args,
            out_dir=out_dir,
            file_client_args=file_client_args,
            backend_args=backend_args,
            **kwargs)
        if self.args:
            accepted = sorted(
                set(inspect.signature(CheckpointHook).parameters) -
                {'kwargs'})
            raise TypeError(
                f'checkpoint hook: unknown argument(s) {sorted(self.args)} '
                f'(default_hooks.checkpoint); it takes {accepted}')
        self._pending: Optional[int] = None
        self._in_best = False
        self._resave = False

    def after_train_epoch(self, runner) -> None:
        """Save the epoch's checkpoint now, or after its validation."""
        if self.by_epoch and self._validates_after_epoch(runner):
            saving = self.every_n_epochs(
                runner, self.interval, self.save_begin) or (
                    self.save_last and self.is_last_train_epoch(runner))
            if saving:
                self._pending = runner.epoch + 1
            return
        super().after_train_epoch(runner)

    def after_val_epoch(self, runner, metrics) -> None:
        """Update the best checkpoint, then save the epoch's checkpoint with
        every effect of the validation in it."""
        removals = _DeferredRemovals(self.file_backend)
        backend, self.file_backend = self.file_backend, removals
        self._in_best, self._resave = True, False
        try:
            super().after_val_epoch(runner, metrics)
        finally:
            self.file_backend = backend
            self._in_best = False
        step = self._pending if self._pending is not None else (
            runner.epoch if self.by_epoch else runner.iter)
        if self._pending is not None or self._resave:
            self._save_after_validation(runner, step)
        keep = {str(getattr(self, 'best_ckpt_path', None))} | {
            str(path)
            for path in getattr(self, 'best_ckpt_path_dict', {}).values()
        }
        for path in removals.paths:
            if path not in keep:
                self._remove(path)

    def before_train_epoch(self, runner) -> None:
        """Save a checkpoint still pending (no validation came)."""
        self._flush(runner)

    def after_train(self, runner) -> None:
        """Save a checkpoint still pending, then publish as mmengine does."""
        self._flush(runner)
        super().after_train(runner)

    def _flush(self, runner) -> None:
        """Save the pending checkpoint, if any."""
        if self._pending is not None:
            self._save_after_validation(runner, self._pending)

    def _save_after_validation(self, runner, step: int) -> None:
        """Save the checkpoint of epoch ``step`` (the loop's epoch counter
        already counts it)."""
        self._pending = None
        unit = 'epochs' if self.by_epoch else 'iterations'
        runner.logger.info(f'Saving checkpoint at {step} {unit}')
        meta = dict(epoch=step, iter=runner.iter) if self.by_epoch else dict(
            epoch=runner.epoch, iter=step)
        self._save_checkpoint_with_step(runner, step, meta)

    @staticmethod
    def _validates_after_epoch(runner) -> bool:
        """Whether the train loop validates after the current epoch (its
        own rule, including dynamic intervals)."""
        loop = runner.train_loop
        if runner.val_loop is None or not hasattr(loop, 'val_begin'):
            return False
        epoch = runner.epoch + 1
        interval = loop.val_interval
        milestones = getattr(loop, 'dynamic_milestones', None)
        if milestones:
            interval = loop.dynamic_intervals[
                bisect.bisect(milestones, epoch) - 1]
        return epoch >= loop.val_begin and (epoch % interval == 0
                                            or epoch == loop.max_epochs)

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        """Save, point ``last_checkpoint`` at it, then drop outdated ones.

        Inside the best-checkpoint update (mmengine re-saves the epoch
        checkpoint there when the best changed) the save is only noted:
        :meth:`after_val_epoch` saves once, afterwards.
        """
        if self._in_best:
            self._resave = True
            return
        outdated = self._update_kept_steps(runner, step)
        filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir, filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        runner.save_checkpoint(
            self.out_dir,
            filename,
            self.file_client_args,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler,
            meta=meta,
            by_epoch=self.by_epoch,
            backend_args=self.backend_args,
            **self.args)
        if not is_main_process():
            return
        text = str(self.last_ckpt).encode('utf-8')
        write_atomic(
            osp.join(runner.work_dir, 'last_checkpoint'),
            lambda file: file.write(text))
        for path in outdated:
            self._remove(path)

    def _update_kept_steps(self, runner, step) -> List[str]:
        """Add ``step`` to the kept checkpoints; the paths that fall out.

        Args:
            runner (Runner): The runner.
            step (int): The epoch or iteration being saved.

        Returns:
            list[str]: Checkpoints beyond ``max_keep_ckpts``, to delete
            once the new one is safely written.
        """
        if self.max_keep_ckpts <= 0 or (self.keep_ckpt_ids
                                        and self.keep_ckpt_ids[-1] == step):
            return []
        outdated = []
        while len(self.keep_ckpt_ids) >= self.max_keep_ckpts:
            outdated.append(self.keep_ckpt_ids.popleft())
        self.keep_ckpt_ids.append(step)
        runner.message_hub.update_info('keep_ckpt_ids',
                                       list(self.keep_ckpt_ids))
        return [
            self.file_backend.join_path(self.out_dir,
                                        self.filename_tmpl.format(old))
            for old in outdated
        ]

    def _remove(self, path: str) -> None:
        """Delete a checkpoint file (or a folder of a sharded one), if any;
        only on the main process."""
        if not is_main_process():
            return
        if self.file_backend.isfile(path):
            self.file_backend.remove(path)
        elif self.file_backend.isdir(path):
            self.file_backend.rmtree(path)
