"""Mixed-precision training on the CPU: bf16 autocast through mmengine's
optimizer wrapper.

Contract:
    :class:`CPUAmpOptimWrapper` is mmengine's ``AmpOptimWrapper`` for the
    CPU: the forward pass of each training step (``optim_context``) runs
    under ``torch.autocast('cpu', dtype=torch.bfloat16)``; parameters,
    gradients and optimizer state stay float32. bf16 has float32's exponent
    range, so there is no loss scaling: the wrapper's scaler is a disabled
    ``torch.amp.GradScaler`` (backward, step, state dict as plain
    ``OptimWrapper`` does them). mmengine 0.10's ``AmpOptimWrapper``
    asserts a CUDA, NPU, MLU or MUSA device when it is built, so this class
    initialises as ``OptimWrapper`` and sets the two attributes
    ``AmpOptimWrapper``'s methods use (``loss_scaler``, ``cast_dtype``).
    ``tools/train.py --amp`` selects it where there is no CUDA device. On
    a CPU without bf16 units it warns once when built
    (:class:`~mmclimb.utils.EmulatedBf16Warning`): bf16 is emulated there,
    slower than fp32.
"""
from contextlib import contextmanager

import torch
from mmengine.optim import AmpOptimWrapper, OptimWrapper
from mmpose.registry import OPTIM_WRAPPERS
from torch import nn

from mmclimb.utils.precision import warn_if_emulated_bf16

__all__ = ['CPUAmpOptimWrapper']


@OPTIM_WRAPPERS.register_module()
class CPUAmpOptimWrapper(AmpOptimWrapper):
    """``AmpOptimWrapper`` with bf16 autocast on the CPU.

    Args:
        **kwargs: ``OptimWrapper``'s arguments (``optimizer``,
            ``accumulative_counts``, ``clip_grad``). ``loss_scale`` and
            ``dtype`` of ``AmpOptimWrapper`` are not taken: the dtype is
            bfloat16 and there is no loss scaling.
    """

    def __init__(self, **kwargs):
        for key in ('loss_scale', 'dtype', 'use_fsdp'):
            if key in kwargs:
                raise TypeError(
                    f'CPUAmpOptimWrapper takes no {key!r}: it trains under '
                    'bf16 autocast on the CPU, without loss scaling')
        OptimWrapper.__init__(self, **kwargs)
        self._scale_update_param = None
        self.loss_scaler = torch.amp.GradScaler('cpu', enabled=False)
        self.cast_dtype = torch.bfloat16
        warn_if_emulated_bf16('cpu', what='CPUAmpOptimWrapper (--amp)')

    @contextmanager
    def optim_context(self, model: nn.Module):
        """``OptimWrapper``'s context (gradient accumulation) under bf16
        autocast on the CPU."""
        with OptimWrapper.optim_context(self, model), torch.autocast(
                'cpu', dtype=self.cast_dtype):
            yield
