# Keypoint sequences in plain .npz files (one (T, S, 2|3) array per sequence)
# for pretraining, e.g. BRACE converted to COCO-17: data/keypoint_npz/
# {train,val}.npz. keypoint_mapping names the source's keypoint set (a name of
# mmclimb.datasets.KEYPOINT_MAPPINGS or {climbalong_index_or_name:
# source_index}). Layout: docs/pretraining.md.
_base_ = ['./keypoint_sequences.py']

dataset_type = 'KeypointNpzDataset'
data_root = 'data/keypoint_npz'
keypoint_mapping = 'coco17'
_source = dict(
    type=dataset_type, data_root=data_root, keypoint_mapping=keypoint_mapping)

train_dataloader = dict(dataset=dict(**_source, ann_file='train.npz'))
val_dataloader = dict(dataset=dict(**_source, ann_file='val.npz'))
test_dataloader = dict(dataset=dict(**_source, ann_file='val.npz'))
