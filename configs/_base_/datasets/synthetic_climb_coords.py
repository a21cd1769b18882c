# The same windows for coordinate refiners (DeciWatch): per-frame argmax of
# the normalised detector heatmaps, divided by (W - 1, H - 1); the target is
# the ground truth projected into the box (heatmap coordinates).
_base_ = ['./synthetic_climb.py']

coord_pipeline = [
    dict(type='NormalizeHeatmaps', mode='sum'),
    dict(type='DecodeHeatmaps', out_key='input_keypoints'),
    dict(type='ProjectKeypointsToBox'),
    dict(type='PackWindowInputs', input_key='input_keypoints_norm'),
]
train_dataloader = dict(dataset=dict(pipeline=coord_pipeline))
val_dataloader = dict(dataset=dict(pipeline=coord_pipeline))
test_dataloader = dict(dataset=dict(pipeline=coord_pipeline))
