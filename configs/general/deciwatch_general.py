# DeciWatch for real video: trained on real human motion (CMU motion capture)
# through random virtual cameras and the general detector-noise model, not on
# one dataset's detector (configs/_base_/datasets/cmu_mocap_general.py); a
# 13-frame window, every frame sampled, centred inputs and an acceleration
# loss (configs/_base_/models/deciwatch_general.py), coordinates in one box
# per window.
#   python tools/train.py configs/general/deciwatch_general.py
_base_ = [
    '../_base_/models/deciwatch_general.py',
    '../_base_/schedules/thesis_from_scratch.py',
    '../_base_/datasets/cmu_mocap_general.py',
]
model = {{_base_.refiner}}
train_cfg = dict(max_epochs=25)
# model selection on image-pixel PCK (sub-pixel positions)
default_hooks = dict(checkpoint=dict(save_best='PCK_px@0.05'))
