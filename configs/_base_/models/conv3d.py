# 3DConv: one Conv3d K->K, kernel T x 5 x 5, same padding, ReLU (78,150
# parameters). `refiner` is the whole model; a config takes it with
# `model = {{_base_.refiner}}` (the schedules also set `model`, and mmengine
# forbids one key in two sibling bases).
refiner = dict(
    type='TemporalPoseEstimator',
    head=dict(type='Conv3DHead', num_keypoints=25, seq_len=5),
)
# inference (init_refiner / refine_sequence / tools/refine.py, precision
# 'auto'): bf16 autocast where the device has bf16 units (faster for the
# convolutions, docs/benchmarks.md), else fp32
inference_precision = 'bf16'
