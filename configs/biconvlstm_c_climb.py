# bi-ConvLSTM Model C: the same branches with three convs each, concatenated,
# then 1x1/128 and 1x1/K (1,872,313 parameters).
_base_ = ['./biconvlstm_s_climb.py']

model = dict(head=dict(fusion='concat'))
