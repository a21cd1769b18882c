# The Identity baseline: the detector's own heatmaps as the "refined" output,
# so `python tools/test.py configs/identity_climb.py` (no checkpoint) reports
# the raw detector's numbers, the first row of every comparison.
_base_ = [
    './_base_/default_runtime.py',
    './_base_/datasets/synthetic_climb.py',
]

model = dict(
    type='TemporalPoseEstimator',
    head=dict(type='IdentityHead'),
)

# nothing to train: the Runner needs train loader, loop and optimizer all
# unset
train_dataloader = None
