# The toy config with a test-only hook that SIGKILLs the training process
# (mmclimb.testing.SelfKillHook); set the point with --cfg-options
# custom_hooks.1.kill_at_iter=N or custom_hooks.1.kill_in_save_of_epoch=N.
_base_ = ['./toy_refiner.py']
custom_hooks = [dict(type='SyncBuffersHook'), dict(type='SelfKillHook')]
