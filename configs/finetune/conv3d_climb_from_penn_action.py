# 3DConv finetuned on ClimbAlong-format data from its Penn Action
# pretraining (configs/pretrain/conv3d_penn_action.py): Adam 1e-4, best
# checkpoint by validation PCK@0.05. Another checkpoint:
#   --cfg-options load_from=PATH
_base_ = [
    '../_base_/models/conv3d.py',
    '../_base_/schedules/thesis_finetune.py',
    '../_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}
load_from = 'work_dirs/conv3d_penn_action/best.pth'
