"""Weights of the official SmoothNet (and MMPose 0.x's) in mmclimb's layout.

The official trainer saves ``{'state_dict': model.state_dict(), ...}`` of
its ``SmoothNet`` module; MMPose 0.x's and MMHuman3D's ``SmoothNetFilter``
load the same module's keys (mmcv's ``load_checkpoint``: a
``state_dict`` entry or the bare dict, ``module.`` prefixes stripped). Its
parameters, for ``num_blocks`` residual blocks::

    encoder.0.{weight,bias}              Linear(T -> d)
    res_blocks.<i>.linear1.{weight,bias} Linear(d -> r)
    res_blocks.<i>.linear2.{weight,bias} Linear(r -> d)
    decoder.{weight,bias}                Linear(d -> T_out)

mmclimb's :class:`~mmclimb.models.SmoothNetHead` holds the same tensors as
``encoder``, ``blocks.<i>.down``, ``blocks.<i>.up`` and ``decoder``,
inside a ``TemporalPoseEstimator`` (prefix ``head.``), and needs
``T_out = T`` (every published setting). :func:`smoothnet_settings` reads
the head's settings back from the shapes.
"""
import re
from typing import Dict, List, Tuple

from torch import Tensor

from .state_dict_rules import rename_by_rules

__all__ = [
    'OFFICIAL_SMOOTHNET_RULES', 'convert_official_smoothnet',
    'smoothnet_settings'
]

#: (official name pattern, mmclimb name) in ``re.sub`` form.
OFFICIAL_SMOOTHNET_RULES: List[Tuple[str, str]] = [
    (r'^encoder\.0\.', 'encoder.'),
    (r'^res_blocks\.(\d+)\.linear1\.', r'blocks.\1.down.'),
    (r'^res_blocks\.(\d+)\.linear2\.', r'blocks.\1.up.'),
    (r'^decoder\.', 'decoder.'),
]


def smoothnet_settings(state_dict: Dict[str, Tensor]) -> dict:
    """The :class:`~mmclimb.models.SmoothNetHead` arguments of official
    SmoothNet weights, read from their shapes.

    Args:
        state_dict (dict[str, Tensor]): Official names, ``module.``
            prefixes allowed.

    Returns:
        dict: ``seq_len``, ``hidden_dims``, ``res_hidden_dims`` (absent
        without blocks) and ``num_blocks``.

    Raises:
        KeyError: The encoder or decoder weight is missing.
        ValueError: The decoder's output window differs from the input
            window (mmclimb refines every frame it is given).
    """
    shapes = {
        re.sub(r'^module\.', '', name): tuple(tensor.shape)
        for name, tensor in state_dict.items()
    }
    for key in ('encoder.0.weight', 'decoder.weight'):
        if key not in shapes:
            raise KeyError(f'no {key!r}: not an official SmoothNet state '
                           f'dict (keys: {sorted(shapes)[:6]} ...)')
    hidden_dims, seq_len = shapes['encoder.0.weight']
    if shapes['decoder.weight'] != (seq_len, hidden_dims):
        raise ValueError(
            f'decoder.weight has shape {shapes["decoder.weight"]}, expected '
            f'({seq_len}, {hidden_dims}): an output window of another '
            f'length than the input window ({seq_len}) is not supported')
    blocks = {
        int(m.group(1))
        for m in map(re.compile(r'^res_blocks\.(\d+)\.').match, shapes) if m
    }
    settings = dict(
        seq_len=seq_len, hidden_dims=hidden_dims, num_blocks=len(blocks))
    if blocks:
        settings['res_hidden_dims'] = shapes['res_blocks.0.linear1.weight'][0]
    return settings


def convert_official_smoothnet(state_dict: Dict[str, Tensor],
                               prefix: str = 'head.') -> Dict[str, Tensor]:
    """Rename an official SmoothNet state dict for mmclimb.

    Args:
        state_dict (dict[str, Tensor]): The official ``state_dict``, keys
            ``[module.]<...>``.
        prefix (str): Prefix of the head in the mmclimb model. Defaults to
            ``'head.'`` (``TemporalPoseEstimator``).

    Returns:
        dict[str, Tensor]: The same tensors under mmclimb's names.

    Raises:
        KeyError: A key with no rule.
    """
    return {
        prefix + rename_by_rules(
            re.sub(r'^module\.', '', name), OFFICIAL_SMOOTHNET_RULES,
            'official SmoothNet'): tensor
        for name, tensor in state_dict.items()
    }
