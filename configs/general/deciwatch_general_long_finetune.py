# Stage 5 of the general DeciWatch: from stage 4's last checkpoint
# (./deciwatch_general_long.py), 3 epochs at Adam 1e-4.
# checkpoints/deciwatch_general.pth is this stage's best.
#   python tools/train.py configs/general/deciwatch_general_long_finetune.py
_base_ = ['./deciwatch_general.py']
load_from = 'work_dirs/deciwatch_general_long/epoch_3.pth'
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_epochs=3)
