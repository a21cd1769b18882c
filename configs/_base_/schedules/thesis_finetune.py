# The thesis's finetuning recipe: batch 16, Adam 1e-4, reduce-on-plateau
# (factor 0.1, patience 5) on the validation loss, early stopping (patience
# 10), at most 50 epochs, the best checkpoint by validation PCK@0.05.
_base_ = ['../default_runtime.py']

train_cfg = dict(by_epoch=True, max_epochs=50, val_interval=1)
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))
param_scheduler = [
    dict(
        type='ReduceOnPlateauLR',
        monitor='loss',
        rule='less',
        factor=0.1,
        patience=5,
        by_epoch=True),
]
# the validation loss: the estimator computes it, WindowLossMetric (in the
# dataset's val_evaluator) reports it
model = dict(test_cfg=dict(compute_loss=True))
default_hooks = dict(
    checkpoint=dict(save_best='PCK@0.05', rule='greater', max_keep_ckpts=1),
    logger=dict(interval=20))
custom_hooks = [
    dict(type='SyncBuffersHook'),
    # min_delta=0: any decrease counts (mmengine's default asks for 0.1);
    # mmengine's EarlyStoppingHook with its counters kept in the checkpoint
    dict(
        type='ResumableEarlyStoppingHook',
        monitor='loss',
        rule='less',
        min_delta=0.0,
        patience=10),
]
auto_scale_lr = dict(base_batch_size=16)
randomness = dict(seed=0)
