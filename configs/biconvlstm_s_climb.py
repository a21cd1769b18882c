# bi-ConvLSTM Model S: forward and backward ConvLSTM branches, five convs
# each, summed (1,875,666 parameters), trained from scratch with the thesis
# recipe.
_base_ = [
    './_base_/models/biconvlstm_s.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}
