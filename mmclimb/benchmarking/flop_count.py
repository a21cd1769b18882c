"""Counting a model's floating-point operations per call.

Contract:
    :func:`count_flops` runs ``fn()`` once under
    :class:`torch.utils.flop_counter.FlopCounterMode` and returns the
    operations it dispatched: convolutions, matrix products and attention
    (2 per multiply-accumulate), the operations that carry a refiner's cost.
    Element-wise work (activations, the ConvLSTM gates, normalisation) is
    not counted, as in the usual published model FLOPs.
"""
from typing import Callable

import torch
from torch.utils.flop_counter import FlopCounterMode

__all__ = ['count_flops']


def count_flops(fn: Callable[[], object]) -> int:
    """Floating-point operations of one call of ``fn()``.

    Args:
        fn (Callable): The work to count, e.g. ``lambda: model(x)``.

    Returns:
        int: Counted operations (not per second).
    """
    counter = FlopCounterMode(display=False)
    with torch.inference_mode(), counter:
        fn()
    return int(counter.get_total_flops())
