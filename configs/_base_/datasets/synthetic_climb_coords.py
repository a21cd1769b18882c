# The same windows for coordinate refiners (DeciWatch): per-frame argmax of
# the normalised detector heatmaps, divided by (W - 1, H - 1); the target is
# the ground truth projected into the box (heatmap coordinates). The
# normalising and decoding is per frame, so it runs once per video when the
# dataset is built (frame_pipeline) rather than once per window. A window
# then costs a slice, less than handing it over from a worker process: the
# loaders run in the main process (a DeciWatch training step at batch 16,
# 2 cores: 28-33 ms with no workers, 51 ms with 2; docs/benchmarks.md).
_base_ = ['./synthetic_climb.py']

coord_frame_pipeline = [
    dict(type='NormalizeHeatmaps', mode='sum'),
    dict(type='DecodeHeatmaps', out_key='input_keypoints'),
]
coord_pipeline = [
    dict(type='ProjectKeypointsToBox'),
    dict(type='PackWindowInputs', input_key='input_keypoints_norm'),
]
_in_process = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(
    **_in_process,
    dataset=dict(frame_pipeline=coord_frame_pipeline, pipeline=coord_pipeline))
val_dataloader = dict(
    **_in_process,
    dataset=dict(frame_pipeline=coord_frame_pipeline, pipeline=coord_pipeline))
test_dataloader = dict(
    **_in_process,
    dataset=dict(frame_pipeline=coord_frame_pipeline, pipeline=coord_pipeline))
