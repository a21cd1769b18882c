"""Weights of the official DeciWatch implementation in mmclimb's layout.

The official trainer saves ``{'state_dict': model.state_dict(), ...}`` of a
``DeciWatch`` module whose parameters live under ``transformer.``
(``module.transformer.`` when it was wrapped in ``DataParallel``). mmclimb's
:class:`~mmclimb.models.DeciWatchHead` holds the same tensors under other
names, inside a ``TemporalPoseEstimator`` (prefix ``head.``). The tensors
themselves need no change: both use ``nn.MultiheadAttention``'s packed
``in_proj_weight`` and the same Linear/Conv1d/LayerNorm shapes.
"""
import re
from typing import Dict, List, Tuple

from torch import Tensor

from .state_dict_rules import rename_by_rules

__all__ = ['OFFICIAL_DECIWATCH_RULES', 'convert_official_deciwatch']

#: (official name pattern, mmclimb name) in ``re.sub`` form.
OFFICIAL_DECIWATCH_RULES: List[Tuple[str, str]] = [
    (r'^encoder_embed\.', 'denoise_embed.'),
    (r'^encoder\.layers\.(\d+)\.linear1\.', r'encoder.\1.ffn.0.'),
    (r'^encoder\.layers\.(\d+)\.linear2\.', r'encoder.\1.ffn.3.'),
    (r'^encoder\.layers\.(\d+)\.(self_attn|norm1|norm2)\.',
     r'encoder.\1.\2.'),
    (r'^encoder\.norm\.', 'encoder_norm.'),
    (r'^encoder_joints_embed\.', 'denoise_out.'),
    (r'^decoder_embed\.', 'recover_embed.'),
    (r'^decoder\.layers\.(\d+)\.multihead_attn\.', r'decoder.\1.cross_attn.'),
    (r'^decoder\.layers\.(\d+)\.linear1\.', r'decoder.\1.ffn.0.'),
    (r'^decoder\.layers\.(\d+)\.linear2\.', r'decoder.\1.ffn.3.'),
    (r'^decoder\.layers\.(\d+)\.(self_attn|norm1|norm2|norm3)\.',
     r'decoder.\1.\2.'),
    (r'^decoder\.norm\.', 'decoder_norm.'),
    (r'^decoder_joints_embed\.', 'recover_out.'),
]


def convert_official_deciwatch(state_dict: Dict[str, Tensor],
                               prefix: str = 'head.') -> Dict[str, Tensor]:
    """Rename an official DeciWatch state dict for mmclimb.

    Args:
        state_dict (dict[str, Tensor]): The official ``state_dict``, keys
            ``[module.]transformer.<...>``.
        prefix (str): Prefix of the head in the mmclimb model. Defaults to
            ``'head.'`` (``TemporalPoseEstimator``).

    Returns:
        dict[str, Tensor]: The same tensors under mmclimb's names.

    Raises:
        KeyError: A key outside ``transformer.`` or one with no rule.
    """
    converted = {}
    for name, tensor in state_dict.items():
        stripped = re.sub(r'^(module\.)?transformer\.', '', name)
        if stripped == name:
            raise KeyError(f'{name!r} is not a parameter of the official '
                           "DeciWatch (expected a 'transformer.' prefix)")
        converted[prefix + rename_by_rules(
            stripped, OFFICIAL_DECIWATCH_RULES, 'official DeciWatch')] = tensor
    return converted
