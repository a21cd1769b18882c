# bi-ConvLSTM Model C: the branches of Model S with three convs each,
# concatenated, then 1x1/128 and 1x1/K (1,872,313 parameters). Taken with
# `model = {{_base_.refiner}}` (see ./conv3d.py).
_base_ = ['./biconvlstm_s.py']

refiner = dict(head=dict(fusion='concat'))
# inference (init_refiner / refine_sequence / tools/refine.py, precision
# 'auto'): bf16 autocast where the device has bf16 units (faster for the
# convolutions, docs/benchmarks.md), else fp32
inference_precision = 'bf16'
