"""CPUAmpOptimWrapper: a training step under bf16 autocast on the CPU,
as ``tools/train.py --amp`` configures it where there is no CUDA."""
import math
import warnings

import pytest
import torch
from mmengine.config import Config
from mmengine.optim import AmpOptimWrapper, build_optim_wrapper
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmpose.registry import MODELS

import mmclimb.testing  # noqa: F401  (the toy refiner and dataset)
from mmclimb.utils import EmulatedBf16Warning
from mmclimb.utils import precision as precision_module
from conftest import TOY_CONFIG


def amp_config():
    """The toy config with the optimizer wrapper ``--amp`` gives on CPU."""
    import importlib.util
    spec = importlib.util.spec_from_file_location('train_tool',
                                                  'tools/train.py')
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    args = train.parse_args([str(TOY_CONFIG), '--amp'])
    return train.merge_args(Config.fromfile(str(TOY_CONFIG)), args)


@pytest.mark.skipif(torch.cuda.is_available(), reason='CPU-only behaviour')
def test_amp_train_step_runs_the_forward_in_bf16_on_cpu():
    cfg = amp_config()
    assert cfg.optim_wrapper.type == 'CPUAmpOptimWrapper'
    init_default_scope('mmpose')
    model = MODELS.build(cfg.model)
    torch.nn.init.normal_(model.conv.weight, std=0.1)
    wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    assert isinstance(wrapper, AmpOptimWrapper)
    seen = []

    def record(module, inputs, output):
        seen.append((torch.is_autocast_enabled('cpu'), output.dtype))

    model.conv.register_forward_hook(record)
    batch = next(iter(Runner.build_dataloader(cfg.train_dataloader, seed=0)))
    before = model.conv.weight.detach().clone()
    losses = model.train_step(batch, wrapper)
    assert seen == [(True, torch.bfloat16)]
    assert all(math.isfinite(loss.item()) for loss in losses.values())
    # float32 master weights, updated by the step
    assert model.conv.weight.dtype == torch.float32
    assert not torch.equal(model.conv.weight, before)
    # no loss scaling for bf16: the state dict is the optimizer's
    assert set(wrapper.state_dict()) >= {'state', 'param_groups'}


def test_amp_arguments_that_do_not_apply_are_refused():
    with pytest.raises(TypeError, match="no 'loss_scale'"):
        build_optim_wrapper(
            torch.nn.Linear(2, 2),
            dict(type='CPUAmpOptimWrapper', loss_scale='dynamic',
                 optimizer=dict(type='SGD', lr=0.1)))


@pytest.mark.parametrize('has_bf16', [True, False])
def test_amp_warns_where_bf16_is_emulated(monkeypatch, has_bf16):
    monkeypatch.setattr(precision_module, 'device_has_bf16',
                        lambda device: has_bf16)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        build_optim_wrapper(
            torch.nn.Linear(2, 2),
            dict(type='CPUAmpOptimWrapper',
                 optimizer=dict(type='SGD', lr=0.1)))
    emulated = [w for w in caught if w.category is EmulatedBf16Warning]
    assert len(emulated) == (0 if has_bf16 else 1)
    if emulated:
        assert str(emulated[0].message).startswith(
            'CPUAmpOptimWrapper (--amp): this CPU has no bf16 units')
