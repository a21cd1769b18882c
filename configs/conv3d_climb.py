# 3DConv: one Conv3d K->K, kernel T x 5 x 5, same padding, ReLU (78,150
# parameters), trained from scratch with the thesis recipe.
_base_ = [
    './_base_/schedules/thesis_finetune.py',
    './_base_/datasets/synthetic_climb.py',
]
# trained from scratch: the thesis's pretraining learning rate
optim_wrapper = dict(optimizer=dict(lr=1e-3))

model = dict(
    type='TemporalPoseEstimator',
    head=dict(type='Conv3DHead', num_keypoints=25, seq_len=5),
)
