"""Tiny registered modules for testing the tools end to end.

Not imported by ``import mmclimb``: a config that needs them lists
``'mmclimb.testing'`` in ``custom_imports``.
"""
from .toy_mse_metric import ToyMSEMetric
from .toy_refiner import ToyRefiner
from .toy_sequence_dataset import ToySequenceDataset

__all__ = ['ToyMSEMetric', 'ToyRefiner', 'ToySequenceDataset']
