"""Counted FLOPs of known layers."""
import torch
from torch import nn

from mmclimb.benchmarking import count_flops


def test_conv3d_flops_are_two_per_multiply_accumulate():
    conv = nn.Conv3d(3, 4, (5, 3, 3), padding=(2, 1, 1))
    x = torch.rand(2, 3, 5, 6, 7)
    macs = 2 * 4 * 5 * 6 * 7 * (3 * 5 * 3 * 3)
    assert count_flops(lambda: conv(x)) == 2 * macs


def test_linear_flops_and_elementwise_work_is_not_counted():
    linear = nn.Linear(8, 16)
    x = torch.rand(10, 8)
    assert count_flops(lambda: linear(x).relu().sigmoid()) == 2 * 10 * 8 * 16
    assert count_flops(lambda: (x * 2).tanh()) == 0
