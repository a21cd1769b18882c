# The second stage of the general DeciWatch: configs/general/deciwatch_general.py
# trained 25 epochs at Adam 1e-3 (its validation loss was still falling, so
# reduce-on-plateau never lowered the rate), then 10 more at 1e-4 from its
# last checkpoint. checkpoints/deciwatch_general.pth is this stage's best.
#   python tools/train.py configs/general/deciwatch_general.py
#   python tools/train.py configs/general/deciwatch_general_finetune.py
_base_ = ['./deciwatch_general.py']
load_from = 'work_dirs/deciwatch_general/epoch_25.pth'
optim_wrapper = dict(optimizer=dict(lr=1e-4))
train_cfg = dict(max_epochs=10)
