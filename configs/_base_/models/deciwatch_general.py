# ./deciwatch.py for the general refiner (README "General refiners" has the
# measurements behind each choice): a 21-frame window with every second
# frame sampled and the rest recovered (with a window at every frame on long
# videos, each frame's outputs averaged, every frame is a sampled one in
# half of its windows); each keypoint fed as its offsets from the window
# mean times 50 (detector noise is about 0.3% of the box: in plain box
# coordinates the network did not learn to beat the interpolation it starts
# from); an acceleration L1 (weight 10) beside the official losses.
_base_ = ['./deciwatch.py']
refiner = dict(
    head=dict(
        seq_len=21,
        sample_interval=2,
        input_centring=50.0,
        w_accel=10.0,
        inference_stride=1))
