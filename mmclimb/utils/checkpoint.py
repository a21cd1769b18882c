"""Loading mmengine 0.10.7 checkpoints on torch >= 2.6.

torch >= 2.6 loads checkpoints with ``weights_only=True``: only allow-listed
globals may be unpickled. A checkpoint written by mmengine 0.10.7's runner
pickles its message hub: :class:`HistoryBuffer` objects backed by numpy arrays,
whose pickled state names their statistics methods through
``builtins.getattr``, and numpy scalars in the runtime info (``eta``); an
MMPose dataset's meta-info (uint8 colours, float32 sigmas and weights) goes
into ``meta['dataset_meta']``. Without these globals ``--resume`` and
``load_from`` fail with "Unsupported global".
:func:`allow_checkpoint_globals` allow-lists exactly those and nothing else;
``weights_only`` itself stays on.
"""
import builtins

import numpy as np
import torch
from mmengine.logging import HistoryBuffer

__all__ = ['CHECKPOINT_SAFE_GLOBALS', 'allow_checkpoint_globals']

try:  # numpy 2
    from numpy._core.multiarray import _reconstruct, scalar
except ImportError:  # numpy 1
    from numpy.core.multiarray import _reconstruct, scalar

#: What an mmengine 0.10.7 checkpoint needs to unpickle, measured on
#: checkpoints written by ``tools/train.py`` (see
#: ``tests/test_utils/test_checkpoint.py``).
CHECKPOINT_SAFE_GLOBALS = [
    HistoryBuffer,
    _reconstruct,
    np.ndarray,
    np.dtype,
    type(np.dtype(np.float64)),
    type(np.dtype(np.int64)),
    scalar,
    builtins.getattr,
    # MMPose's parsed dataset meta-info
    type(np.dtype(np.uint8)),
    type(np.dtype(np.float32)),
]


def allow_checkpoint_globals() -> None:
    """Allow-list :data:`CHECKPOINT_SAFE_GLOBALS` for ``torch.load``.

    Does nothing on a torch without ``torch.serialization.add_safe_globals``
    (before 2.4), where ``weights_only`` is off by default.
    """
    add_safe_globals = getattr(torch.serialization, 'add_safe_globals', None)
    if add_safe_globals is not None:
        add_safe_globals(CHECKPOINT_SAFE_GLOBALS)
