# bi-ConvLSTM Model S: forward and backward ConvLSTM branches, five convs
# each, summed (1,875,666 parameters). Taken with `model = {{_base_.refiner}}`
# (see ./conv3d.py).
#
# Every branch conv ends in a ReLU. With PyTorch's default conv init each of
# the five layers shrinks the signal several-fold, so at the start the
# branch outputs are the last biases alone, the loss pushes those below zero
# and the outputs die (on the demo data: the loss stuck at the all-zero value
# within 60 iterations). He (Kaiming) normal init with zero biases keeps the
# signal through the ReLU stacks; the chapter does not name an init.
refiner = dict(
    type='TemporalPoseEstimator',
    head=dict(
        type='BiConvLSTMHead',
        fusion='sum',
        num_keypoints=25,
        heatmap_size=(56, 56),
        peephole=True,
        bias_maps=True,
        init_cfg=dict(
            type='Kaiming',
            mode='fan_in',
            nonlinearity='relu',
            distribution='normal',
            bias=0,
            override=dict(name='branches'))),
)
# inference (init_refiner / refine_sequence / tools/refine.py, precision
# 'auto'): bf16 autocast where the device has bf16 units (faster for the
# convolutions, docs/benchmarks.md), else fp32
inference_precision = 'bf16'
