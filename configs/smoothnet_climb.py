# SmoothNet (MMPose 0.x's setting, configs/_base_/models/smoothnet.py) on the
# coordinates of the demo data's 5-frame windows (the split's windows, as
# every other refiner); on long videos a window at every frame, each frame's
# outputs averaged.
#   python tools/train.py configs/smoothnet_climb.py
_base_ = [
    './_base_/models/smoothnet.py',
    './_base_/schedules/thesis_from_scratch.py',
    './_base_/datasets/synthetic_climb_coords.py',
]
model = {{_base_.refiner}}
