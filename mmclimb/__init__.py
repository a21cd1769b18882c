"""mmclimb: temporal refinement of 2D human pose in video, on MMPose.

``import mmclimb`` registers every mmclimb module into MMPose's registries
(``mmpose.registry.MODELS``, ``DATASETS``, ``TRANSFORMS``, ``METRICS``,
``HOOKS``), so configs under ``default_scope='mmpose'`` build them by plain
name, and allow-lists the globals mmengine checkpoints need on torch >= 2.6.
"""
from . import datasets, engine, evaluation, models, structures  # noqa: F401
from .utils import allow_checkpoint_globals
from .version import __version__

allow_checkpoint_globals()

__all__ = ['__version__']
