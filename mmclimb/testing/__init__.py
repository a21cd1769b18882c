"""Tiny registered modules for testing the tools end to end, and tiny
generated data (:func:`write_tiny_cmu_mocap`: CMU-like BVH clips).

Not imported by ``import mmclimb``: a config that needs them lists
``'mmclimb.testing'`` in ``custom_imports``.
"""
from .self_kill_hook import SelfKillHook
from .toy_mse_metric import ToyMSEMetric
from .toy_refiner import ToyRefiner
from .tiny_mocap import write_tiny_cmu_mocap
from .toy_sequence_dataset import ToySequenceDataset

__all__ = [
    'SelfKillHook', 'ToyMSEMetric', 'ToyRefiner', 'ToySequenceDataset',
    'write_tiny_cmu_mocap'
]
