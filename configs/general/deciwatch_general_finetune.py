# Stage 2 of the general DeciWatch (README "Real video: the general
# refiners"): from stage 1's last checkpoint, 5 epochs at Adam 3e-4 on
# 13-frame windows with every frame sampled and the acceleration L1 at 2.
#   python tools/train.py configs/general/deciwatch_general_finetune.py
_base_ = ['./deciwatch_general.py']
load_from = 'work_dirs/deciwatch_general/epoch_25.pth'
model = dict(head=dict(seq_len=13, sample_interval=1, w_accel=2.0))
_window = dict(dataset=dict(seq_len=13))
train_dataloader = _window
val_dataloader = _window
test_dataloader = _window
optim_wrapper = dict(optimizer=dict(lr=3e-4))
train_cfg = dict(max_epochs=5)
