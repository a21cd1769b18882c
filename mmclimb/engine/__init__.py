"""Training-loop additions (hooks), registered into MMPose's registries."""
from .hooks import AtomicCheckpointHook, BestCheckpointCopyHook, EpochSeedHook

__all__ = ['AtomicCheckpointHook', 'BestCheckpointCopyHook', 'EpochSeedHook']
