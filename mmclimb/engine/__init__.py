"""Training-loop additions (hooks, optimizer wrappers), registered into
MMPose's registries."""
from .hooks import (AtomicCheckpointHook, BestCheckpointCopyHook,
                    CheckedLoadHook, DataWarningHook, EpochSeedHook,
                    ResumableEarlyStoppingHook)
from .optim_wrappers import CPUAmpOptimWrapper

__all__ = [
    'AtomicCheckpointHook', 'BestCheckpointCopyHook', 'CPUAmpOptimWrapper',
    'CheckedLoadHook', 'DataWarningHook', 'EpochSeedHook',
    'ResumableEarlyStoppingHook'
]
