"""Loading a checkpoint into a model: strict by default, partial on request.

mmengine 0.10.7 loads checkpoints non-strictly (``load_checkpoint``,
``Runner.load_checkpoint``): missing, unexpected and shape-mismatched keys
only give a log line, so the checkpoint of another refiner "loads" and the
model keeps its untrained weights. mmclimb checks every load against the
model first.

Contract:
    - :func:`state_dict_mismatch` compares a checkpoint's ``state_dict``
      with a model's: the model's keys the checkpoint lacks (``missing``;
      BatchNorm's ``num_batches_tracked`` counters are not counted), the
      checkpoint's keys the model lacks (``unexpected``) and the keys of
      both whose tensor shapes differ (``shapes``).
    - :func:`checked_state_dict` returns the state dict to load: strict
      (the default), a :class:`CheckpointMismatchError` (a ``ValueError``)
      naming the file and the offending keys unless everything matches;
      with ``partial=True`` the checkpoint's tensors whose key and shape
      match, the model's own tensors for the rest, and a log line saying
      how many of the model's tensors were loaded and which were not.
    - :func:`load_model_checkpoint` reads a file (mmengine's loader, with
      :func:`~mmclimb.utils.allow_checkpoint_globals`), strips a
      ``module.`` prefix (a DDP-wrapped model) and loads the result of
      :func:`checked_state_dict` exactly.
    - :func:`use_checked_loading` adds ``CheckedLoadHook``
      (:mod:`mmclimb.engine.hooks.checked_load_hook`) to a config's
      ``custom_hooks``, partial when the config says ``partial_load=True``,
      so the runner's ``load_from`` and ``--resume`` load this way too.
    - :func:`count_parameters` counts a model's parameters (0 for the
      Identity and the classical filters, which need no checkpoint).

Partial loading is asked for explicitly: ``partial_load=True`` in a config
(or ``--cfg-options partial_load=True``) for ``load_from`` in
``tools/train.py`` and for ``tools/test.py``, ``--partial-load`` for
``tools/refine.py``, ``partial_load=True`` for
:func:`mmclimb.apis.init_refiner`.
"""
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import List, Mapping, Tuple

from mmengine.logging import print_log
from mmengine.runner.checkpoint import _load_checkpoint
from torch import nn

from .checkpoint import allow_checkpoint_globals

__all__ = [
    'CheckpointMismatchError', 'StateDictMismatch', 'checked_state_dict',
    'count_parameters', 'load_model_checkpoint', 'state_dict_mismatch',
    'strip_module_prefix', 'use_checked_loading'
]

#: keys shown per kind in a message; the rest are counted
SHOWN_KEYS = 8


class CheckpointMismatchError(ValueError):
    """A checkpoint whose keys or shapes do not match the model."""


@dataclass
class StateDictMismatch:
    """How a checkpoint's state dict differs from a model's."""

    missing: List[str] = field(default_factory=list)
    unexpected: List[str] = field(default_factory=list)
    shapes: List[Tuple[str, tuple, tuple]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.unexpected or self.shapes)

    @staticmethod
    def _listed(names: List[str]) -> str:
        shown = ', '.join(names[:SHOWN_KEYS])
        more = len(names) - SHOWN_KEYS
        return shown + (f' and {more} more' if more > 0 else '')

    def describe(self) -> str:
        """One line: each kind of mismatch with its count and keys."""
        parts = []
        if self.missing:
            parts.append(f'{len(self.missing)} missing from the checkpoint '
                         f'({self._listed(self.missing)})')
        if self.unexpected:
            parts.append(f'{len(self.unexpected)} not in the model '
                         f'({self._listed(self.unexpected)})')
        if self.shapes:
            shapes = [
                f'{key} {tuple(ours)} in the checkpoint, {tuple(theirs)} in '
                'the model' for key, ours, theirs in self.shapes
            ]
            parts.append(f'{len(self.shapes)} of another shape '
                         f'({self._listed(shapes)})')
        return '; '.join(parts)


def strip_module_prefix(state_dict: Mapping) -> 'OrderedDict':
    """The state dict without a leading ``module.`` (DDP) on its keys."""
    return OrderedDict(
        (re.sub(r'^module\.', '', key), value)
        for key, value in state_dict.items())


def state_dict_mismatch(model_state: Mapping,
                        checkpoint_state: Mapping) -> StateDictMismatch:
    """Compare a checkpoint's state dict with a model's.

    Args:
        model_state (Mapping): ``model.state_dict()``.
        checkpoint_state (Mapping): The checkpoint's ``state_dict``.

    Returns:
        StateDictMismatch: Empty (falsy) when every key and shape matches.
    """
    mismatch = StateDictMismatch()
    for key, value in model_state.items():
        if key not in checkpoint_state:
            if not key.endswith('num_batches_tracked'):
                mismatch.missing.append(key)
        elif tuple(checkpoint_state[key].shape) != tuple(value.shape):
            mismatch.shapes.append(
                (key, tuple(checkpoint_state[key].shape), tuple(value.shape)))
    mismatch.unexpected = [
        key for key in checkpoint_state if key not in model_state
    ]
    return mismatch


def checked_state_dict(model: nn.Module,
                       checkpoint_state: Mapping,
                       source: str,
                       partial: bool = False,
                       logger='current') -> 'OrderedDict':
    """The state dict to load into ``model``; see the module docstring.

    Args:
        model (nn.Module): The model to load into (unwrapped).
        checkpoint_state (Mapping): The checkpoint's ``state_dict``, keys
            without a ``module.`` prefix.
        source (str): The checkpoint's name for messages (its file).
        partial (bool): Load what matches and report the rest instead of
            raising. Defaults to False.
        logger: Where the partial-load report goes (mmengine's
            ``print_log``). Defaults to ``'current'``.

    Returns:
        OrderedDict: Exactly the model's keys and shapes.

    Raises:
        CheckpointMismatchError: ``partial`` is False and a key or shape
            does not match.
    """
    model_state = model.state_dict()
    mismatch = state_dict_mismatch(model_state, checkpoint_state)
    if not mismatch:
        return OrderedDict(checkpoint_state)
    if not partial:
        raise CheckpointMismatchError(
            f'{source}: the checkpoint does not fit the model '
            f'({type(model).__name__}): {mismatch.describe()}. Is it the '
            'checkpoint of another refiner or config? To load only the '
            'matching tensors (finetuning with a changed head), ask for a '
            'partial load (partial_load=True / --partial-load)')
    not_loaded = {*mismatch.missing, *(key for key, _, _ in mismatch.shapes)}
    state = OrderedDict(
        (key, value if key in not_loaded else checkpoint_state[key])
        for key, value in model_state.items())
    loaded = len(model_state) - len(not_loaded)
    print_log(
        f'partial load of {source}: {loaded} of {len(model_state)} model '
        f'tensors loaded; kept at their initialisation and ignored: '
        f'{mismatch.describe()}',
        logger=logger,
        level=logging.WARNING)
    return state


def load_model_checkpoint(model: nn.Module,
                          filename: str,
                          partial: bool = False,
                          map_location: str = 'cpu') -> dict:
    """Load a checkpoint file into ``model``, strictly unless ``partial``.

    Args:
        model (nn.Module): The model.
        filename (str): A checkpoint written by mmengine (``state_dict``
            inside) or a bare state dict.
        partial (bool): See :func:`checked_state_dict`. Defaults to False.
        map_location (str): Defaults to ``'cpu'``.

    Returns:
        dict: The checkpoint as read.

    Raises:
        FileNotFoundError: ``filename`` does not exist.
        CheckpointMismatchError: See :func:`checked_state_dict`.
    """
    allow_checkpoint_globals()
    checkpoint = _load_checkpoint(filename, map_location=map_location)
    if not isinstance(checkpoint, Mapping):
        raise CheckpointMismatchError(
            f'{filename}: not a checkpoint (expected a state dict or a dict '
            f'with "state_dict", got {type(checkpoint).__name__})')
    state = checkpoint.get('state_dict', checkpoint)
    state = checked_state_dict(model, strip_module_prefix(state),
                               str(filename), partial)
    model.load_state_dict(state, strict=True)
    return checkpoint


def count_parameters(model: nn.Module) -> int:
    """The number of parameter values of ``model``."""
    return sum(param.numel() for param in model.parameters())


def use_checked_loading(cfg) -> None:
    """Make the runner of ``cfg`` load checkpoints through
    ``CheckedLoadHook`` (strict, or partial with ``cfg.partial_load``).

    Args:
        cfg (Config): A runner config; its ``custom_hooks`` get the hook
            unless they have one already.
    """
    hooks = list(cfg.get('custom_hooks') or [])
    if not any(hook.get('type') == 'CheckedLoadHook' for hook in hooks):
        hooks.append(
            dict(type='CheckedLoadHook',
                 partial=bool(cfg.get('partial_load', False))))
    cfg.custom_hooks = hooks
