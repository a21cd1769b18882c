# 3DConv: one Conv3d K->K, kernel T x 5 x 5, same padding, ReLU (78,150
# parameters), trained from scratch with the thesis recipe.
_base_ = [
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb.py',
]
model = dict(
    type='TemporalPoseEstimator',
    head=dict(type='Conv3DHead', num_keypoints=25, seq_len=5),
)
