# SmoothNet on coordinates, MMPose 0.x's setting (its SmoothNetFilter:
# hidden 512, residual hidden 256, 3 residual blocks, dropout 0.5): every
# coordinate track of a 5-frame window (the demo data's window; the published
# weights use 8 to 64) through Linear(5 -> 512), the blocks and
# Linear(512 -> 5) (794,373 parameters, whatever K); the official loss,
# L1 on positions plus 0.1 x L1 on accelerations. Taken with
# `model = {{_base_.refiner}}` (see ./conv3d.py).
refiner = dict(
    type='TemporalPoseEstimator',
    head=dict(
        type='SmoothNetHead',
        num_keypoints=25,
        seq_len=5,
        hidden_dims=512,
        res_hidden_dims=256,
        num_blocks=3,
        dropout=0.5,
        heatmap_size=(56, 56),
        w_pos=1.0,
        w_accel=0.1),
)
