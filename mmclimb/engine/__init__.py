"""Training-loop additions (hooks), registered into MMPose's registries."""
from .hooks import (AtomicCheckpointHook, BestCheckpointCopyHook,
                    CheckedLoadHook, EpochSeedHook)

__all__ = [
    'AtomicCheckpointHook', 'BestCheckpointCopyHook', 'CheckedLoadHook',
    'EpochSeedHook'
]
