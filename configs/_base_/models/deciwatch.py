# DeciWatch on coordinates: DenoiseNet on frames {0, 4} of each 5-frame
# window, linear preliminary recovery, RecoverNet (128-d, 4 heads, 5+5
# pre-norm layers, FFN 256; 1,708,388 parameters). Taken with
# `model = {{_base_.refiner}}` (see ./conv3d.py).
refiner = dict(
    type='TemporalPoseEstimator',
    head=dict(
        type='DeciWatchHead',
        num_keypoints=25,
        seq_len=5,
        sample_interval=4,
        embed_dims=128,
        num_heads=4,
        num_encoder_layers=5,
        num_decoder_layers=5,
        ffn_dims=256,
        dropout=0.1,
        pre_norm=True,
        heatmap_size=(56, 56),
        w_denoise=1.0,
        w_recover=5.0,
        # training from scratch: start from the interpolation of the sampled
        # frames rather than Xavier-random output offsets (loaded weights
        # replace them when finetuning)
        zero_init_outputs=True),
)
