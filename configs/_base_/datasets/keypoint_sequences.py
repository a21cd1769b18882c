# Windows of keypoint-only pose sequences (public data, images discarded) for
# pretraining heatmap refiners: the detector's input is simulated from the
# ground truth as the thesis did (pose box = tight keypoint box + 10%, 56x56,
# shift std 2.95 px x shift scalar 1 or 2, blur sigma from {1, ..., 3}), each
# simulated heatmap scaled to sum 1 like NormalizeHeatmaps(mode='sum') does to
# the detector's. Keypoints a source lacks have flag 0: zero loss, not scored.
# The source files (./penn_action.py, ./posetrack18.py, ./keypoint_npz.py) set
# each loader's dataset type, data_root and split; docs/pretraining.md.
# The datasets default to the 25 ClimbAlong keypoints, read from
# ./climbalong.py. Inlined here, they made the config 90 KB, and mmengine
# formats the whole config into every checkpoint it saves (2.2 s a save).
_base_ = ['./window_loaders.py']

seq_len = 5
seq_step = 1
heatmap_size = (56, 56)
noise = dict(
    type='SimulateDetectorNoise',
    heatmap_size=heatmap_size,
    box_expand=0.1,
    shift_std=2.95,
    shift_scalars=(1.0, 2.0),
    blur_sigmas=(1, 1.5, 2, 2.5, 3),
    normalize='sum')
# validation and test: the same simulated inputs every epoch
fixed_noise = dict(noise, seed=0)
target = [
    dict(type='ProjectKeypointsToBox'),
    dict(type='RenderGaussianHeatmaps', sigma=1.0),
]
train_pipeline = [
    noise, *target,
    dict(type='PackWindowInputs', input_key='heatmaps')
]
val_pipeline = [
    fixed_noise, *target,
    dict(type='PackWindowInputs', input_key='heatmaps')
]
test_pipeline = val_pipeline
# coordinate refiners (DeciWatch, ./*_coords.py): the per-frame argmax of the
# simulated heatmaps, divided by (W - 1, H - 1), as in the finetuning data;
# SimulateDetectorCoordinates gives it from the same draws without rendering
# the heatmaps (the same outputs as noise + DecodeHeatmaps)
coord_noise = dict(noise, type='SimulateDetectorCoordinates')
coord_train_pipeline = [
    coord_noise,
    dict(type='ProjectKeypointsToBox'),
    dict(type='PackWindowInputs', input_key='input_keypoints_norm'),
]
coord_val_pipeline = [dict(coord_noise, seed=0), *coord_train_pipeline[1:]]
coord_test_pipeline = coord_val_pipeline

_dataset = dict(
    seq_len=seq_len,
    seq_step=seq_step,
    heatmap_size=heatmap_size)

train_dataloader = dict(dataset=dict(**_dataset, pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(**_dataset, test_mode=True, pipeline=val_pipeline))
test_dataloader = dict(
    dataset=dict(**_dataset, test_mode=True, pipeline=test_pipeline))
