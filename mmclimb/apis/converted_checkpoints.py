"""Reading another implementation's checkpoint, checking converted weights
against a config, and writing them as an mmclimb checkpoint
(``tools/model_converters/*_official.py``).

A source checkpoint is a ``torch.save`` file holding either
``{'state_dict': {name: Tensor}, ...}`` (the official trainers, mmcv's
``save_checkpoint``) or the bare ``{name: Tensor}``. The written checkpoint
is ``{'state_dict': ..., 'meta': {'source': SRC}}``, which ``tools/test.py
CONFIG OUT``, ``load_from=OUT`` and :func:`init_refiner` load.
"""
import warnings
from typing import Dict, Optional

import torch
from torch import Tensor

from mmclimb.fileio import write_atomic
from mmclimb.utils.checkpoint_loading import checked_state_dict
from .inference import UntrainedRefinerWarning, init_refiner

__all__ = ['check_against_config', 'load_source_state_dict', 'save_converted']


def load_source_state_dict(path: str) -> Dict[str, Tensor]:
    """The weights of a source checkpoint (see the module docstring).

    Raises:
        KeyError: Neither a ``state_dict`` entry nor a dict of tensors.
    """
    # the official checkpoints pickle plain training state (epoch, optimizer)
    checkpoint = torch.load(path, map_location='cpu', weights_only=True)
    if 'state_dict' in checkpoint:
        return checkpoint['state_dict']
    if checkpoint and all(isinstance(v, Tensor) for v in checkpoint.values()):
        return checkpoint
    raise KeyError(f'{path}: no "state_dict" and not a dict of tensors '
                   f'(keys: {sorted(checkpoint)})')


def check_against_config(state_dict: Dict[str, Tensor],
                         config: str,
                         cfg_options: Optional[dict] = None) -> None:
    """Load ``state_dict`` strictly into the config's model, so that a
    mismatch of settings (layers, widths, window) is caught at conversion
    rather than at test time.

    Raises:
        CheckpointMismatchError: A key or shape does not fit (one line
            listing them).
    """
    with warnings.catch_warnings():
        # built without a checkpoint on purpose: the weights come next
        warnings.simplefilter('ignore', UntrainedRefinerWarning)
        model = init_refiner(config, cfg_options=cfg_options)
    model.load_state_dict(
        checked_state_dict(model, state_dict, f'the weights converted for '
                           f'{config}'))


def save_converted(path: str, state_dict: Dict[str, Tensor],
                   source: str) -> None:
    """Write converted weights as an mmclimb checkpoint, atomically."""
    checkpoint = dict(state_dict=state_dict, meta=dict(source=source))
    write_atomic(path, lambda f: torch.save(checkpoint, f), '.pth.tmp')
