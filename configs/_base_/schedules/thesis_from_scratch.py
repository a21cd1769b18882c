# The thesis recipe for training without pretrained weights: as finetuning
# (best checkpoint by validation PCK@0.05), with the pretraining learning rate
# 1e-3.
_base_ = ['./thesis_finetune.py']
optim_wrapper = dict(optimizer=dict(lr=1e-3))
