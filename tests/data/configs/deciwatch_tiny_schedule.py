# configs/deciwatch_climb.py (the shipped thesis_from_scratch schedule:
# reduce-on-plateau on the validation loss, early stopping on it, the best
# checkpoint by validation PCK@0.05) with a tiny DeciWatch and shortened
# patience, for resume tests on tiny data; plus mmclimb.testing.SelfKillHook,
# armed with --cfg-options default_hooks.self_kill.kill_...=N. Early
# stopping's patience (custom_hooks.1) is shortened by the test's
# --cfg-options (a list item cannot be overridden here without restating
# the schedule's list).
_base_ = ['../../../configs/deciwatch_climb.py']
custom_imports = dict(
    imports=['mmclimb', 'mmclimb.testing'], allow_failed_imports=False)
model = dict(
    head=dict(
        embed_dims=16,
        num_heads=2,
        num_encoder_layers=1,
        num_decoder_layers=1,
        ffn_dims=32))
train_cfg = dict(max_epochs=12)
optim_wrapper = dict(optimizer=dict(lr=1e-2))
# a 6% relative improvement needed (mmengine's default threshold 1e-4)
param_scheduler = [dict(type='ReduceOnPlateauLR', patience=1, threshold=0.06)]
default_hooks = dict(
    logger=dict(interval=1), self_kill=dict(type='SelfKillHook'))
