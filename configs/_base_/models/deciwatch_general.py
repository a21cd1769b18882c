# ./deciwatch.py for the general refiner (README "General refiners" has the
# measurements behind each choice): a 13-frame window with every frame
# sampled (dense detections: DeciWatch's decimation would discard half of
# what the detector gives); each keypoint fed as its offsets from the window
# mean times 50 (detector noise is about 0.3% of the box: in plain box
# coordinates the network did not learn to beat the interpolation it starts
# from); an acceleration L1 (weight 2) beside the official losses; and on
# long videos a window at every frame, each frame's outputs averaged.
_base_ = ['./deciwatch.py']
refiner = dict(
    head=dict(
        seq_len=13,
        sample_interval=1,
        input_centring=50.0,
        w_accel=2.0,
        inference_stride=1))
