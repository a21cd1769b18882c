"""Training-loop additions (hooks), registered into MMPose's registries."""
from .hooks import (AtomicCheckpointHook, BestCheckpointCopyHook,
                    EpochSeedHook, ResumableEarlyStoppingHook)

__all__ = [
    'AtomicCheckpointHook', 'BestCheckpointCopyHook', 'EpochSeedHook',
    'ResumableEarlyStoppingHook'
]
