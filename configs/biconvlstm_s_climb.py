# bi-ConvLSTM Model S: forward and backward ConvLSTM branches, five convs
# each, summed (1,875,666 parameters), trained from scratch with the thesis
# recipe at the finetuning learning rate 1e-4: every branch conv ends in a
# ReLU, and at 1e-3 from scratch the outputs died within 60 iterations of
# the demo data (all below zero; the loss stuck at the all-zero value).
_base_ = [
    './_base_/models/biconvlstm_s.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}
optim_wrapper = dict(optimizer=dict(lr=1e-4))
