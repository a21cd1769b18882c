# 3DConv: one Conv3d K->K, kernel T x 5 x 5, same padding, ReLU (78,150
# parameters), trained from scratch with the thesis recipe.
_base_ = [
    './_base_/models/conv3d.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = {{_base_.refiner}}
