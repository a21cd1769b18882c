# 3DConv for real video: trained on real human motion (CMU motion capture)
# through random virtual cameras and the general detector-noise model, on
# Gaussians rendered at the detections' sub-pixel positions in one box per
# window and decoded to sub-pixel maxima
# (configs/_base_/datasets/cmu_mocap_general_heatmaps.py,
# configs/_base_/models/conv3d_general.py). 5-frame windows, as the thesis.
#   python tools/train.py configs/general/conv3d_general.py
_base_ = [
    '../_base_/models/conv3d_general.py',
    '../_base_/schedules/thesis_from_scratch.py',
    '../_base_/datasets/cmu_mocap_general_heatmaps.py',
]
model = {{_base_.refiner}}
train_dataloader = dict(dataset=dict(seq_len=5))
val_dataloader = dict(dataset=dict(seq_len=5))
test_dataloader = dict(dataset=dict(seq_len=5))
train_cfg = dict(max_epochs=6)
default_hooks = dict(checkpoint=dict(save_best='PCK_px@0.05'))
