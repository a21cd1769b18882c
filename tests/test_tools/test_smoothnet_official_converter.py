"""tools/model_converters/smoothnet_official.py: official-layout weights
give, in mmclimb, the official model's forward.

The reference forward is written from the official SmoothNet's facts, on
(N, C, T) tracks: ``encoder.0`` Linear(T -> d) and LeakyReLU(0.1); per
residual block ``linear1`` (d -> r), dropout, LeakyReLU(0.2), ``linear2``
(r -> d), dropout, LeakyReLU(0.2), plus the block's input; ``decoder``
Linear(d -> T). Dropout is off in evaluation.
"""
import importlib.util

import pytest
import torch
import torch.nn.functional as F

from conftest import REPO

from mmclimb.apis import init_refiner
from mmclimb.utils import convert_official_smoothnet, smoothnet_settings
from mmclimb.utils.checkpoint_loading import CheckpointMismatchError


def official_state_dict(window, hidden, res_hidden, blocks, seed=0):
    """Random weights under the official SmoothNet's names."""
    gen = torch.Generator().manual_seed(seed)

    def linear(name, inputs, outputs):
        return {
            f'{name}.weight': torch.randn(outputs, inputs, generator=gen) *
            inputs**-0.5,
            f'{name}.bias': torch.randn(outputs, generator=gen) * 0.1
        }

    state = linear('encoder.0', window, hidden)
    for i in range(blocks):
        state.update(linear(f'res_blocks.{i}.linear1', hidden, res_hidden))
        state.update(linear(f'res_blocks.{i}.linear2', res_hidden, hidden))
    state.update(linear('decoder', hidden, window))
    return state


def official_forward(state, x):
    """The official SmoothNet in evaluation on (N, C, T)."""
    def linear(name, y):
        return F.linear(y, state[f'{name}.weight'], state[f'{name}.bias'])

    y = F.leaky_relu(linear('encoder.0', x), 0.1)
    i = 0
    while f'res_blocks.{i}.linear1.weight' in state:
        inner = F.leaky_relu(linear(f'res_blocks.{i}.linear1', y), 0.2)
        y = y + F.leaky_relu(linear(f'res_blocks.{i}.linear2', inner), 0.2)
        i += 1
    return linear('decoder', y)


def _tool_main():
    path = REPO / 'tools' / 'model_converters' / 'smoothnet_official.py'
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


@pytest.mark.parametrize('layout', ['official', 'mmpose0x'])
def test_converted_weights_give_the_official_forward(tmp_path, capsys,
                                                     layout):
    # the official H36M setting at window 8: residual 128, 5 blocks
    official = official_state_dict(8, 512, 128, 5)
    src, dst = tmp_path / 'official.pth.tar', tmp_path / 'mmclimb.pth'
    if layout == 'official':  # the official trainer's file
        torch.save(dict(state_dict=official, epoch=3, performance=None), src)
    else:  # a bare state dict, as a DataParallel model saves it
        torch.save({f'module.{k}': v for k, v in official.items()}, src)
    _tool_main()([str(src), str(dst), '--config',
                  'configs/smoothnet_climb.py'])
    printed = capsys.readouterr().out
    options = ('model.head.seq_len=8 model.head.hidden_dims=512 '
               'model.head.num_blocks=5 model.head.res_hidden_dims=128')
    assert f'--cfg-options {options}' in printed
    cfg_options = dict(item.split('=') for item in options.split())
    refiner = init_refiner(
        'configs/smoothnet_climb.py', str(dst),
        cfg_options={k: int(v) for k, v in cfg_options.items()})
    tracks = torch.rand(2, 8, 50)  # (B, T, C)
    with torch.no_grad():
        ours = refiner.head(tracks)
        theirs = official_forward(official, tracks.transpose(1, 2))
    torch.testing.assert_close(ours, theirs.transpose(1, 2), rtol=1e-5,
                               atol=1e-5)


def test_incomplete_weights_are_caught_by_the_config_check(tmp_path):
    official = official_state_dict(5, 64, 16, 2)
    del official['res_blocks.1.linear2.bias']
    src, dst = tmp_path / 'official.pth', tmp_path / 'mmclimb.pth'
    torch.save(dict(state_dict=official), src)
    with pytest.raises(CheckpointMismatchError, match='blocks.1.up.bias'):
        _tool_main()([str(src), str(dst), '--config',
                      'configs/smoothnet_climb.py'])
    assert not dst.exists()


@pytest.mark.parametrize('setting', [(8, 512, 256, 3), (32, 512, 128, 5),
                                     (16, 64, 16, 1), (4, 32, 8, 0)])
def test_settings_are_read_from_the_shapes(setting):
    window, hidden, res_hidden, blocks = setting
    settings = smoothnet_settings(official_state_dict(*setting))
    expected = dict(seq_len=window, hidden_dims=hidden, num_blocks=blocks)
    if blocks:
        expected['res_hidden_dims'] = res_hidden
    assert settings == expected


def test_an_output_window_shorter_than_the_input_is_refused():
    official = official_state_dict(8, 32, 8, 1)
    official['decoder.weight'] = official['decoder.weight'][:4]
    with pytest.raises(ValueError, match='output window'):
        smoothnet_settings(official)


def test_unknown_parameters_are_refused():
    official = official_state_dict(8, 32, 8, 1)
    official['extra.weight'] = torch.zeros(1)
    with pytest.raises(KeyError, match="official SmoothNet parameter "
                       "'extra.weight'"):
        convert_official_smoothnet(official)
    with pytest.raises(KeyError, match='not an official SmoothNet'):
        smoothnet_settings({'decoder.weight': torch.zeros(8, 32)})
