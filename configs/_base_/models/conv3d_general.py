# ./conv3d.py for the general refiner: it starts as the identity (each output
# channel copies its input channel; its inputs are Gaussians of the targets'
# shape and peak), so training adds temporal smoothing to an output that is
# the input from the first step; sub-pixel maxima (the log-parabola step), so
# the output is not snapped to the 56 x 56 grid.
_base_ = ['./conv3d.py']
refiner = dict(head=dict(subpixel_decoding=True, identity_init=True))
