"""Strict checkpoint loading for the runner (``load_from``, ``--resume``).

mmengine's ``Runner.load_checkpoint`` loads non-strictly: a checkpoint of
another refiner "loads", with one log line, and training or testing goes on
with untrained weights. :class:`CheckedLoadHook` checks the checkpoint in
``after_load_checkpoint``, which the runner calls after reading the file and
before loading its ``state_dict``, with
:func:`~mmclimb.utils.checked_state_dict`: strict by default (a
:class:`~mmclimb.utils.CheckpointMismatchError` naming the file and the
offending keys), or, with ``partial=True``, it replaces the ``state_dict``
by the matching tensors plus the model's own for the rest and logs what was
and was not loaded. Before testing without any checkpoint it warns, in one
line, when the model has parameters (an untrained learned refiner; the
Identity and the classical filters have none).

:func:`~mmclimb.utils.use_checked_loading` adds the hook to a config
(``tools/train.py`` and ``tools/test.py`` call it).
"""
import os.path as osp

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.runner import find_latest_checkpoint
from mmpose.registry import HOOKS

from mmclimb.utils.checkpoint_loading import (checked_state_dict,
                                              count_parameters,
                                              strip_module_prefix)

__all__ = ['CheckedLoadHook']


@HOOKS.register_module()
class CheckedLoadHook(Hook):
    """Check every checkpoint the runner loads against its model.

    Args:
        partial (bool): Load only the tensors whose key and shape match
            (and log the rest) instead of raising. Defaults to False.
    """

    priority = 'VERY_HIGH'

    def __init__(self, partial: bool = False):
        self.partial = bool(partial)

    @staticmethod
    def _model(runner):
        model = runner.model
        return model.module if is_model_wrapper(model) else model

    @staticmethod
    def _source(runner) -> str:
        """The file being loaded (``load_from``, or the latest checkpoint
        of the work dir for ``resume`` without a path)."""
        source = runner._load_from
        if source is None and runner._resume:
            source = find_latest_checkpoint(runner.work_dir)
        return str(source)

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Check (strict) or trim (partial) ``checkpoint['state_dict']``."""
        key = 'state_dict' if 'state_dict' in checkpoint else None
        state = checkpoint[key] if key else checkpoint
        checked = checked_state_dict(
            self._model(runner), strip_module_prefix(state),
            self._source(runner), self.partial, logger=runner.logger)
        if key:
            checkpoint[key] = checked
        else:
            checkpoint.clear()
            checkpoint.update(checked)

    def before_test(self, runner) -> None:
        """Warn when a model with parameters is tested without weights."""
        if runner._load_from is not None:
            return
        num_params = count_parameters(self._model(runner))
        if num_params:
            config = getattr(runner.cfg, 'filename', None) or 'the config'
            runner.logger.warning(
                f'{osp.relpath(config) if osp.isabs(config) else config}: no '
                f'checkpoint given: its {num_params:,} parameters are at '
                'their initialisation, so these are an UNTRAINED model\'s '
                'metrics; give the checkpoint to test a trained refiner')
