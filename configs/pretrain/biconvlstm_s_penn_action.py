# bi-ConvLSTM Model S pretrained on Penn Action (the thesis's three classes)
# with simulated detector input: Adam 1e-3, best checkpoint by validation
# PCK@0.2, copied to work_dirs/biconvlstm_s_penn_action/best.pth for
# configs/finetune/biconvlstm_s_climb_from_penn_action.py.
#   python tools/train.py configs/pretrain/biconvlstm_s_penn_action.py
_base_ = [
    '../_base_/models/biconvlstm_s.py',
    '../_base_/schedules/thesis_pretrain.py',
    '../_base_/datasets/penn_action.py',
]
model = {{_base_.refiner}}
