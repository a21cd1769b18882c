"""Strict checkpoint loading: every mismatch named; partial only on request."""
import logging

import pytest
import torch
from torch import nn

from mmclimb.utils import (CheckpointMismatchError, checked_state_dict,
                           count_parameters, load_model_checkpoint,
                           state_dict_mismatch)


class Small(nn.Module):

    def __init__(self, width=3):
        super().__init__()
        self.a = nn.Linear(2, width)
        self.b = nn.Linear(width, 1)
        self.norm = nn.BatchNorm1d(1)


def test_a_matching_checkpoint_loads_exactly(tmp_path):
    source = Small()
    path = tmp_path / 'w.pth'
    torch.save(dict(state_dict=source.state_dict(), meta={}), path)
    model = Small()
    load_model_checkpoint(model, str(path))
    for key, value in source.state_dict().items():
        torch.testing.assert_close(model.state_dict()[key], value)


def test_ddp_prefix_and_bare_state_dict(tmp_path):
    source = Small()
    path = tmp_path / 'w.pth'
    torch.save({f'module.{k}': v for k, v in source.state_dict().items()},
               path)
    model = Small()
    load_model_checkpoint(model, str(path))
    torch.testing.assert_close(model.a.weight, source.a.weight)


def test_missing_unexpected_and_shapes_are_all_named(tmp_path):
    state = Small(width=4).state_dict()
    del state['b.bias']
    state['extra.weight'] = torch.zeros(1)
    path = tmp_path / 'other.pth'
    torch.save(dict(state_dict=state), path)
    with pytest.raises(CheckpointMismatchError) as info:
        load_model_checkpoint(Small(), str(path))
    message = str(info.value)
    assert message.startswith(f'{path}: the checkpoint does not fit')
    assert '1 missing from the checkpoint (b.bias)' in message
    assert '1 not in the model (extra.weight)' in message
    assert 'a.weight (4, 2) in the checkpoint, (3, 2) in the model' in message
    assert 'partial_load=True / --partial-load' in message
    assert '\n' not in message


def test_many_keys_are_counted_not_all_listed():
    model = nn.Sequential(*[nn.Linear(1, 1) for _ in range(10)])
    mismatch = state_dict_mismatch(model.state_dict(), {})
    assert len(mismatch.missing) == 20
    assert 'and 12 more' in mismatch.describe()
    # BatchNorm's step counters are not weights
    norm = nn.BatchNorm1d(2)
    state = {k: v for k, v in norm.state_dict().items()
             if 'num_batches_tracked' not in k}
    assert not state_dict_mismatch(norm.state_dict(), state)


def test_partial_load_takes_what_fits_and_says_what_not(caplog):
    model = Small()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    other = Small(width=4).state_dict()
    other['b.bias'] = torch.full((1, ), 7.0)
    other['extra'] = torch.zeros(1)
    with caplog.at_level(logging.WARNING):
        state = checked_state_dict(model, other, 'ckpt.pth', partial=True,
                                   logger=logging.getLogger('test'))
    model.load_state_dict(state, strict=True)
    assert model.b.bias.item() == 7.0  # matched: loaded
    torch.testing.assert_close(model.a.weight, before['a.weight'])  # kept
    text = caplog.text
    assert 'partial load of ckpt.pth' in text
    assert 'a.weight' in text and 'b.weight' in text and 'extra' in text
    assert f'of {len(before)} model tensors loaded' in text


def test_count_parameters():
    assert count_parameters(Small()) == 2 * 3 + 3 + 3 + 1 + 2
    assert count_parameters(nn.Identity()) == 0
