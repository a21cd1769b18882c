# bi-ConvLSTM Model S: forward and backward ConvLSTM branches, five convs
# each, summed (1,875,666 parameters), trained from scratch with the thesis
# recipe.
_base_ = [
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = dict(
    type='TemporalPoseEstimator',
    head=dict(
        type='BiConvLSTMHead',
        fusion='sum',
        num_keypoints=25,
        heatmap_size=(56, 56),
        peephole=True,
        bias_maps=True),
)
