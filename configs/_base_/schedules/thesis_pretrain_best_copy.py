# The thesis's pretraining recipe (./thesis_pretrain.py), plus a copy of the
# best checkpoint (by validation PCK@0.2) at <work_dir>/best.pth, the path the
# finetuning configs (configs/finetune/) load from.
_base_ = ['./thesis_pretrain.py']

default_hooks = dict(best_copy=dict(type='BestCheckpointCopyHook'))
