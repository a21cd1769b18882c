# The thesis's pretraining recipe: as finetuning, with Adam 1e-3 and the best
# checkpoint by validation PCK@0.2.
_base_ = ['./thesis_finetune.py']
optim_wrapper = dict(optimizer=dict(lr=1e-3))
default_hooks = dict(checkpoint=dict(save_best='PCK@0.2'))
