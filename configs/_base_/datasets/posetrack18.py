# PoseTrack18-style COCO video annotations (one track = one sequence, COCO-17
# keypoints) for pretraining: data/posetrack18/annotations/{train,val}/ hold
# one <video>.json each. Layout: docs/pretraining.md.
_base_ = ['./keypoint_sequences.py']

dataset_type = 'PoseTrackVideoDataset'
data_root = 'data/posetrack18'
_source = dict(type=dataset_type, data_root=data_root)

train_dataloader = dict(dataset=dict(**_source, ann_file='annotations/train'))
val_dataloader = dict(dataset=dict(**_source, ann_file='annotations/val'))
test_dataloader = dict(dataset=dict(**_source, ann_file='annotations/val'))
