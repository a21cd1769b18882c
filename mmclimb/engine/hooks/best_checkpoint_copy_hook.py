"""A fixed-name copy of the best checkpoint, for ``load_from`` in configs.

mmengine's ``CheckpointHook(save_best=...)`` names the best checkpoint after
its epoch (``best_PCK@0.2_epoch_12.pth``), which a later config cannot name
in advance. This hook copies it to ``<work_dir>/<filename>`` whenever it
changes, so a finetuning config can set
``load_from = 'work_dirs/<pretraining config>/best.pth'``. A resumed run
copies the best checkpoint its checkpoint names before training, so a
job killed between saving a new best and copying it leaves no stale copy.
"""
import os.path as osp
import shutil
from typing import Dict, Optional

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmpose.registry import HOOKS

from mmclimb.fileio import write_atomic

__all__ = ['BestCheckpointCopyHook']


@HOOKS.register_module()
class BestCheckpointCopyHook(Hook):
    """Copy the best checkpoint to a fixed name after each validation.

    Runs after ``CheckpointHook`` (priority ``'LOWEST'``) and reads the best
    checkpoint's path from the message hub (``best_ckpt``).

    Args:
        filename (str): The copy's name inside the work dir. Defaults to
            ``'best.pth'``.
    """

    priority = 'LOWEST'

    def __init__(self, filename: str = 'best.pth'):
        self.filename = filename
        self._copied: Optional[str] = None

    def before_train(self, runner) -> None:
        """Copy the best checkpoint a resumed run starts with."""
        self._copy_if_changed(runner)

    def after_val_epoch(self,
                        runner,
                        metrics: Optional[Dict[str, float]] = None) -> None:
        """Copy the best checkpoint if it changed since the last copy."""
        self._copy_if_changed(runner)

    def _copy_if_changed(self, runner) -> None:
        """Copy ``best_ckpt`` to :attr:`filename` unless already copied."""
        best = runner.message_hub.get_info('best_ckpt')
        if best is None or best == self._copied or not is_main_process():
            return
        if not osp.isfile(best):
            return
        target = osp.join(runner.work_dir, self.filename)
        with open(best, 'rb') as source:
            write_atomic(target, lambda f: shutil.copyfileobj(source, f))
        self._copied = best
        runner.logger.info(f'best checkpoint {best} copied to {target}')
