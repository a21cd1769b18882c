# DeciWatch for real video: trained on real human motion (CMU motion capture)
# through random virtual cameras and the general detector-noise model, not on
# one dataset's detector (configs/_base_/datasets/cmu_mocap_general.py); a
# 21-frame window, every second frame sampled, centred inputs and an
# acceleration loss (configs/_base_/models/deciwatch_general.py), coordinates
# in one box per window. Refine with this config and
# checkpoints/deciwatch_general.pth; README "Real video: the general
# refiners" gives the stages that trained it.
#   python tools/train.py configs/general/deciwatch_general.py
_base_ = [
    '../_base_/models/deciwatch_general.py',
    '../_base_/schedules/thesis_from_scratch.py',
    '../_base_/datasets/cmu_mocap_general.py',
]
model = {{_base_.refiner}}
_window = dict(dataset=dict(seq_len=21))
train_dataloader = _window
val_dataloader = _window
test_dataloader = _window
train_cfg = dict(max_epochs=25)
# refine_sequence: each frame's windows weighted by a Hann window over their
# positions, most where the frame is near a window's middle (held-out CMU
# validation clips, README "Real video: the general refiners")
inference_window_weighting = 'centre'
# model selection on image-pixel PCK (sub-pixel positions)
default_hooks = dict(checkpoint=dict(save_best='PCK_px@0.05'))
