# bi-ConvLSTM Model S: forward and backward ConvLSTM branches, five convs
# each, summed (1,875,666 parameters), trained from scratch with the thesis
# recipe. Its branch convs get He init (see ./_base_/models/biconvlstm_s.py)
# and its inputs are scaled per channel to a maximum of 1 (the thesis's
# other variant scales to 255): with inputs summing to 1 (peaks near 0.1)
# the ReLU stacks start from a signal far below their biases.
_base_ = [
    './_base_/models/biconvlstm_s.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}

max_scaled_pipeline = [
    dict(type='NormalizeHeatmaps', mode='max'),
    dict(type='ProjectKeypointsToBox'),
    dict(type='RenderGaussianHeatmaps', sigma=1.0),
    dict(type='PackWindowInputs', input_key='heatmaps'),
]
train_dataloader = dict(dataset=dict(pipeline=max_scaled_pipeline))
val_dataloader = dict(dataset=dict(pipeline=max_scaled_pipeline))
test_dataloader = dict(dataset=dict(pipeline=max_scaled_pipeline))
