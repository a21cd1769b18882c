# The loaders every window dataset base shares (./synthetic_climb.py,
# ./keypoint_sequences.py), which fill in each loader's dataset: batch 16
# (thesis), 2 workers, shuffled training (WindowSeedSampler: DefaultSampler's
# order, and each window's random augmentation drawn from the run's seed,
# the epoch and the window alone, so 1 or 2 processes, any worker count and
# --resume give the same inputs), every window in validation and test.
# Validation also reports the loss, for reduce-on-plateau and early stopping
# (the model needs test_cfg=dict(compute_loss=True), as the schedules set).
train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='WindowSeedSampler', shuffle=True))
val_dataloader = dict(
    batch_size=16,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False))
test_dataloader = val_dataloader

val_evaluator = [dict(type='ClimbPCKMetric'), dict(type='WindowLossMetric')]
test_evaluator = dict(type='ClimbPCKMetric')
