# bi-ConvLSTM Model S finetuned on ClimbAlong-format data from its Penn Action
# pretraining (configs/pretrain/biconvlstm_s_penn_action.py): Adam 1e-4, best
# checkpoint by validation PCK@0.05. Another checkpoint:
#   --cfg-options load_from=PATH
_base_ = [
    '../_base_/models/biconvlstm_s.py',
    '../_base_/schedules/thesis_finetune.py',
    '../_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}
load_from = 'work_dirs/biconvlstm_s_penn_action/best.pth'
