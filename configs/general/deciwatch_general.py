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
# training windows also start and end at segment edges, as refine_sequence
# pads them (inference_edge_padding below)
train_dataloader = dict(
    dataset=dict(seq_len=21, pipeline={{_base_.edge_train_pipeline}}))
val_dataloader = _window
test_dataloader = _window
train_cfg = dict(max_epochs=25)
# refine_sequence: each frame's windows weighted by a Hann window over their
# positions, most where the frame is near a window's middle (held-out CMU
# validation clips, README "Real video: the general refiners")
inference_window_weighting = 'centre'
# refine_sequence: each segment extended by 10 copies of its first and last
# frame, so that its edge frames also sit inside windows (the real video's
# short tracks, README "Evidence on real video")
inference_edge_padding = 10
# model selection on image-pixel PCK (sub-pixel positions)
default_hooks = dict(checkpoint=dict(save_best='PCK_px@0.05'))
