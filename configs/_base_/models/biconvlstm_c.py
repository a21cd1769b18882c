# bi-ConvLSTM Model C: the branches of Model S with three convs each,
# concatenated, then 1x1/128 and 1x1/K (1,872,313 parameters). Taken with
# `model = {{_base_.refiner}}` (see ./conv3d.py).
_base_ = ['./biconvlstm_s.py']

refiner = dict(head=dict(fusion='concat'))
