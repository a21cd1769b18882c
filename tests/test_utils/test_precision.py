import warnings

import pytest
import torch

from mmclimb.utils import (EmulatedBf16Warning, cpu_bf16_units,
                           precision_context, resolve_precision)
from mmclimb.utils import precision as precision_module


@pytest.mark.parametrize('flags,unit', [
    ('fpu avx512f avx512_bf16 amx_bf16 amx_tile', 'amx_bf16'),
    ('fpu avx512f avx512_bf16', 'avx512_bf16'),
])
def test_cpu_bf16_units_read_from_cpuinfo_flags(tmp_path, flags, unit):
    cpuinfo = tmp_path / 'cpuinfo'
    cpuinfo.write_text(f'model name\t: X\nflags\t\t: {flags}\n')
    assert cpu_bf16_units(str(cpuinfo)) == unit


def test_cpu_without_bf16_units(tmp_path, monkeypatch):
    cpuinfo = tmp_path / 'cpuinfo'
    cpuinfo.write_text('flags\t\t: fpu avx2 avx512f\n')
    monkeypatch.setattr(torch.backends.cpu, 'get_cpu_capability',
                        lambda: 'AVX512')
    assert cpu_bf16_units(str(cpuinfo)) is None


@pytest.mark.parametrize('has_bf16', [True, False])
def test_auto_is_the_config_preference_only_where_bf16_is_native(
        monkeypatch, has_bf16):
    monkeypatch.setattr(precision_module, 'device_has_bf16',
                        lambda device: has_bf16)
    assert resolve_precision('auto', 'bf16') == ('bf16' if has_bf16 else
                                                 'fp32')
    assert resolve_precision('auto', 'fp32') == 'fp32'
    # an explicit request is kept either way
    assert resolve_precision('bf16', 'fp32') == 'bf16'
    assert resolve_precision('fp32', 'bf16') == 'fp32'


def test_explicit_bf16_warns_only_where_it_is_emulated(monkeypatch):
    monkeypatch.setattr(precision_module, 'device_has_bf16',
                        lambda device: False)
    with pytest.warns(EmulatedBf16Warning, match=r'bf16: this CPU has no '
                      r'bf16 units .* fp32 is the faster'):
        assert resolve_precision('bf16', 'fp32') == 'bf16'
    with pytest.warns(EmulatedBf16Warning,
                      match='this CUDA device does not support bf16'):
        resolve_precision('bf16', 'fp32', 'cuda')
    with warnings.catch_warnings():
        warnings.simplefilter('error', EmulatedBf16Warning)
        # 'auto' picks fp32 there: nothing to warn of
        assert resolve_precision('auto', 'bf16') == 'fp32'
        monkeypatch.setattr(precision_module, 'device_has_bf16',
                            lambda device: True)
        assert resolve_precision('bf16', 'fp32') == 'bf16'


def test_bad_precisions_are_named():
    with pytest.raises(ValueError, match="precision must be one of"):
        resolve_precision('fp16')
    with pytest.raises(ValueError, match="inference_precision must be"):
        resolve_precision('auto', 'half')


def test_precision_context_autocasts_only_bf16():
    with precision_context('bf16'):
        assert torch.is_autocast_enabled('cpu')
        assert torch.get_autocast_dtype('cpu') == torch.bfloat16
    with precision_context('fp32'):
        assert not torch.is_autocast_enabled('cpu')
