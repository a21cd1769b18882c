# bi-ConvLSTM Model S: forward and backward ConvLSTM branches, five convs
# each, summed (1,875,666 parameters). Taken with `model = {{_base_.refiner}}`
# (see ./conv3d.py).
refiner = dict(
    type='TemporalPoseEstimator',
    head=dict(
        type='BiConvLSTMHead',
        fusion='sum',
        num_keypoints=25,
        heatmap_size=(56, 56),
        peephole=True,
        bias_maps=True),
)
