# DeciWatch pretrained on Penn Action (the thesis's three classes) with
# simulated detector input: Adam 1e-3, best checkpoint by validation PCK@0.2,
# copied to work_dirs/deciwatch_penn_action/best.pth for
# configs/finetune/deciwatch_climb_from_penn_action.py.
#   python tools/train.py configs/pretrain/deciwatch_penn_action.py
_base_ = [
    '../_base_/models/deciwatch.py',
    '../_base_/schedules/thesis_pretrain.py',
    '../_base_/datasets/penn_action_coords.py',
]
model = {{_base_.refiner}}
