from .atomic_checkpoint_hook import AtomicCheckpointHook
from .best_checkpoint_copy_hook import BestCheckpointCopyHook
from .checked_load_hook import CheckedLoadHook
from .data_warning_hook import DataWarningHook
from .epoch_seed_hook import EpochSeedHook
from .resumable_early_stopping_hook import ResumableEarlyStoppingHook

__all__ = [
    'AtomicCheckpointHook', 'BestCheckpointCopyHook', 'CheckedLoadHook',
    'DataWarningHook', 'EpochSeedHook', 'ResumableEarlyStoppingHook'
]
