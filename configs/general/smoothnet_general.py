# SmoothNet for real video: trained on real human motion (CMU motion capture)
# through random virtual cameras and the general detector-noise model
# (configs/_base_/datasets/cmu_mocap_general.py); MMPose 0.x's setting on
# 16-frame windows with centred inputs
# (configs/_base_/models/smoothnet_general.py), coordinates in one box per
# window; on long videos a window at every frame, each frame's outputs
# averaged.
#   python tools/train.py configs/general/smoothnet_general.py
_base_ = [
    '../_base_/models/smoothnet_general.py',
    '../_base_/schedules/thesis_from_scratch.py',
    '../_base_/datasets/cmu_mocap_general.py',
]
model = {{_base_.refiner}}
_window = dict(dataset=dict(seq_len=16))
train_dataloader = _window
val_dataloader = _window
test_dataloader = _window
train_cfg = dict(max_epochs=5)
# model selection on image-pixel PCK (sub-pixel positions)
default_hooks = dict(checkpoint=dict(save_best='PCK_px@0.05'))
