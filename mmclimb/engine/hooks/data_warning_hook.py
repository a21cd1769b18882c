"""Data warnings of a run's loader workers, counted and said once.

A loader worker is its own process: a :class:`~mmclimb.datasets.DataWarning`
raised in its pipeline would be shown once per worker and kind (twice with
the two workers of the shipped loaders, again by the validation workers),
without a count. This hook has the run's window datasets attach their
warnings to the samples instead (``collect_data_warnings``, see
:mod:`mmclimb.datasets.window_dataset`), counts them per kind in the main
process as the batches arrive, and at the end of the run logs one warning
per kind: how many window samples had it in training, validation and
testing, and from how many videos (the first few named).
"""
from collections import Counter, defaultdict
from typing import Dict, Optional, Set

from mmengine.hooks import Hook
from mmpose.registry import HOOKS

__all__ = ['DataWarningHook']


@HOOKS.register_module()
class DataWarningHook(Hook):
    """Count the data warnings of a run; see the module docstring.

    Args:
        shown (int): Video names listed per kind. Defaults to 3.
    """

    priority = 'LOW'

    def __init__(self, shown: int = 3):
        self.shown = shown
        self.windows: Dict[str, Counter] = defaultdict(Counter)
        self.videos: Dict[str, Set[str]] = defaultdict(set)

    @staticmethod
    def _collect_from(dataset) -> None:
        """Set ``collect_data_warnings`` on a dataset and any it wraps."""
        children = getattr(dataset, 'datasets', None) or [
            getattr(dataset, 'dataset', None)
        ]
        if hasattr(dataset, 'collect_data_warnings'):
            dataset.collect_data_warnings = True
        for child in children:
            if child is not None:
                DataWarningHook._collect_from(child)

    def before_train_epoch(self, runner) -> None:
        # before the epoch's loader iterator starts its workers
        self._collect_from(runner.train_dataloader.dataset)

    def before_val_epoch(self, runner) -> None:
        self._collect_from(runner.val_dataloader.dataset)

    def before_test_epoch(self, runner) -> None:
        self._collect_from(runner.test_dataloader.dataset)

    def count(self, data_batch: Optional[dict], phase: str) -> None:
        """Add the warnings a batch's samples carry under ``phase``."""
        samples = data_batch.get('data_samples') if isinstance(
            data_batch, dict) else None
        if not isinstance(samples, (list, tuple)):
            return  # not window samples (a toy model's tensors)
        for sample in samples:
            metainfo = getattr(sample, 'metainfo', {})
            for kind, video in metainfo.get('data_warnings', ()):
                self.windows[kind][phase] += 1
                self.videos[kind].add(video)

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        self.count(data_batch, 'training')

    def after_val_iter(self, runner, batch_idx, data_batch=None,
                       outputs=None) -> None:
        self.count(data_batch, 'validation')

    def after_test_iter(self, runner, batch_idx, data_batch=None,
                        outputs=None) -> None:
        self.count(data_batch, 'testing')

    def summary(self) -> list:
        """One line per kind (module docstring)."""
        lines = []
        for kind, phases in self.windows.items():
            counts = ', '.join(f'{n:,} in {phase}'
                               for phase, n in phases.items())
            names = sorted(self.videos[kind])
            listed = ', '.join(names[:self.shown]) + (
                ', ...' if len(names) > self.shown else '')
            lines.append(f'data: {kind}: window samples {counts}, from '
                         f'{len(names)} videos ({listed})')
        return lines

    def after_run(self, runner) -> None:
        for line in self.summary():
            runner.logger.warning(line)
