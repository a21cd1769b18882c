# bi-ConvLSTM Model C: the same branches with three convs each, concatenated,
# then 1x1/128 and 1x1/K (1,872,313 parameters), trained from scratch with
# the thesis recipe.
_base_ = [
    './_base_/models/biconvlstm_c.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}
