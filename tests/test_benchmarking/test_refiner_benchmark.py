"""RefinerBenchmark on real configs with tiny workloads."""
import pytest

from mmclimb.benchmarking import RefinerBenchmark
from mmclimb.utils import cpu_bf16_units


def test_conv3d_window_figures(tiny_climb_root):
    options = {
        'train_dataloader.dataset.data_root': str(tiny_climb_root),
        'train_dataloader.num_workers': 0,
        'train_dataloader.persistent_workers': False,
        # a 5 x 1 x 1 kernel: bf16 is emulated, slowly, on a CPU without
        # bf16 units
        'model.head.kernel_size': 1,
    }
    bench = RefinerBenchmark('configs/conv3d_climb.py', cfg_options=options)
    assert not bench.is_filter and bench.trainable
    # one Conv3d 25 -> 25, 5x1x1, on 5 x 56 x 56 outputs
    assert bench.flops_per_window() == 2 * 25 * 5 * 56 * 56 * 25 * 5
    assert bench.random_windows(2).shape == (2, 5, 25, 56, 56)
    assert bench.window_seconds(2, repeats=1) > 0
    assert bench.sequence_fps(12, batch_size=4) > 0
    step = bench.training_step(batch_size=2, iterations=1, warmup=1)
    assert step['step_s'] == pytest.approx(step['data_s'] +
                                           step['compute_s'])
    assert 0.0 <= step['data_fraction'] <= 1.0
    assert not bench.refiner.training
    # the --amp step (bf16 autocast) and the operator profile
    bf16 = bench.training_step(batch_size=2, iterations=1, warmup=0,
                               precision='bf16')
    assert bf16['compute_s'] > 0
    # oneDNN runs bf16 convolutions where the CPU has bf16 units; without
    # them PyTorch emulates bf16 in its own kernels
    table = bench.profile_table(1, 'bf16')
    assert 'aten::convolution' in table
    if cpu_bf16_units() is not None:
        assert 'aten::mkldnn_convolution' in table
    # the training step's profile has the backward pass, and leaves the
    # refiner in eval mode
    assert 'aten::convolution_backward' in bench.training_profile_table(
        2, 'fp32')
    assert not bench.refiner.training


def test_filter_is_not_trained_and_counts_no_flops():
    bench = RefinerBenchmark('configs/one_euro_climb.py')
    assert bench.is_filter and not bench.trainable
    assert bench.flops_per_window() == 0
    assert bench.random_windows(3).shape == (3, 5, 50)
