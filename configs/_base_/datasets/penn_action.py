# Penn Action (data/penn_action/labels/<sequence>.mat) for pretraining, the
# thesis's three classes; its train/test flag gives the splits (validation
# and test on the test sequences). Layout: docs/pretraining.md.
_base_ = ['./keypoint_sequences.py']

dataset_type = 'PennActionDataset'
data_root = 'data/penn_action'
actions = ('baseball_pitch', 'bench_press', 'situp')
_source = dict(type=dataset_type, data_root=data_root, actions=actions)

train_dataloader = dict(dataset=dict(**_source, split='train'))
val_dataloader = dict(dataset=dict(**_source, split='test'))
test_dataloader = dict(dataset=dict(**_source, split='test'))
