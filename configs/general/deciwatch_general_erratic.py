# Stage 6 of the general DeciWatch: from stage 5's best checkpoint
# (./deciwatch_general_long_finetune.py), 6 epochs at Adam 3e-4 on the
# noise model with erratic tracking (docs/detector_noise.md) and with
# windows that start or end where a person's detections do
# (SimulateSegmentEdge; refine_sequence pads each segment by 10 copies of
# its edge frames, inference_edge_padding in ./deciwatch_general.py).
#   python tools/train.py configs/general/deciwatch_general_erratic.py
_base_ = ['./deciwatch_general.py']
load_from = 'work_dirs/deciwatch_general_long_finetune/best.pth'
optim_wrapper = dict(optimizer=dict(lr=3e-4))
train_cfg = dict(max_epochs=6)
