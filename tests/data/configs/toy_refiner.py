# A tiny end-to-end config for testing the tools: mmclimb's runtime with the
# toy refiner, dataset and metric from mmclimb.testing.
_base_ = ['../../../configs/_base_/default_runtime.py']
custom_imports = dict(
    imports=['mmclimb', 'mmclimb.testing'], allow_failed_imports=False)

model = dict(type='ToyRefiner', channels=2, kernel_size=3)

train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='ToySequenceDataset', num_windows=32, seed=0))
val_dataloader = dict(
    batch_size=4,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='ToySequenceDataset', num_windows=16, seed=1))
test_dataloader = val_dataloader
val_evaluator = dict(type='ToyMSEMetric')
test_evaluator = val_evaluator

optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-2))
train_cfg = dict(by_epoch=True, max_epochs=2, val_interval=1)
default_hooks = dict(logger=dict(interval=2))
randomness = dict(seed=0)
