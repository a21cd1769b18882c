# Windows of ClimbAlong-format data for heatmap refiners, on the synthetic
# default dataset (`python tools/dataset_converters/generate_synthetic_climb.py`
# writes it; `make setup` and `make demo` do so when it is absent). For real
# ClimbAlong data set data_root (and split_file) to your folder.
# The datasets default to the 25 ClimbAlong keypoints, read from
# ./climbalong.py. Inlined here, they made the config 90 KB, and mmengine
# formats the whole config into every checkpoint it saves (2.2 s a save).
_base_ = ['./window_loaders.py']

dataset_type = 'ClimbAlongDataset'
data_root = 'data/synthetic_climb'
seq_len = 5
seq_step = 1
heatmap_size = (56, 56)

# refiner input: negatives to 0, each channel summing to 1 (thesis);
# target: ground truth projected into the box, a Gaussian of sigma 1
train_pipeline = [
    dict(type='NormalizeHeatmaps', mode='sum'),
    dict(type='ProjectKeypointsToBox'),
    dict(type='RenderGaussianHeatmaps', sigma=1.0),
    dict(type='PackWindowInputs', input_key='heatmaps'),
]
val_pipeline = train_pipeline
test_pipeline = val_pipeline

_dataset = dict(
    type=dataset_type,
    data_root=data_root,
    seq_len=seq_len,
    seq_step=seq_step,
    heatmap_size=heatmap_size,
    split_file='splits.json')

train_dataloader = dict(
    dataset=dict(**_dataset, split='train', pipeline=train_pipeline))
val_dataloader = dict(
    dataset=dict(
        **_dataset, split='val', test_mode=True, pipeline=val_pipeline))
test_dataloader = dict(
    dataset=dict(
        **_dataset, split='test', test_mode=True, pipeline=test_pipeline))
