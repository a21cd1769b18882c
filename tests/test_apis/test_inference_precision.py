"""The refiner's inference precision: the config's preference where the
device has bf16 units, applied by refine_sequence."""
import pytest
import torch

from mmclimb.apis import init_refiner, refine_sequence
from mmclimb.benchmarking import synthetic_keypoint_sequence
from mmclimb.utils import precision as precision_module


@pytest.mark.parametrize('has_bf16', [True, False])
def test_auto_precision_per_refiner(monkeypatch, has_bf16):
    monkeypatch.setattr(precision_module, 'device_has_bf16',
                        lambda device: has_bf16)
    conv3d = init_refiner('configs/conv3d_climb.py')
    deciwatch = init_refiner('configs/deciwatch_climb.py')
    assert conv3d.refine_settings.precision == ('bf16' if has_bf16 else
                                                'fp32')
    assert deciwatch.refine_settings.precision == 'fp32'
    assert init_refiner('configs/conv3d_climb.py', precision='fp32'
                        ).refine_settings.precision == 'fp32'


def conv_dtypes(refiner, precision=None):
    seen = []
    refiner.head.conv.register_forward_hook(
        lambda module, inputs, output: seen.append(output.dtype))
    keypoints, scores = refine_sequence(
        refiner, synthetic_keypoint_sequence(7), precision=precision)
    # decoded and averaged in float32 whatever the precision
    assert keypoints.dtype.name == scores.dtype.name == 'float32'
    return set(seen)


#: a T x 1 x 1 kernel: bf16 on a CPU without bf16 units is emulated (the
#: shipped 5 x 5 x 5 one took seconds a window there), and the dtypes seen
#: do not depend on the kernel's size
SMALL_KERNEL = {'model.head.kernel_size': 1}


def test_refine_sequence_runs_in_the_refiner_precision():
    bf16 = init_refiner('configs/conv3d_climb.py', precision='bf16',
                        cfg_options=SMALL_KERNEL)
    assert conv_dtypes(bf16) == {torch.bfloat16}
    fp32 = init_refiner('configs/conv3d_climb.py', precision='fp32',
                        cfg_options=SMALL_KERNEL)
    assert conv_dtypes(fp32) == {torch.float32}
    # an explicit precision overrides the refiner's
    assert conv_dtypes(fp32, precision='bf16') == {torch.bfloat16}
