# Stage 4 of the general DeciWatch: from stage 3's best checkpoint
# (./deciwatch_general_smooth.py), the final 21-frame windows
# (./deciwatch_general.py; the weights do not depend on the window length),
# 3 epochs at Adam 3e-4.
#   python tools/train.py configs/general/deciwatch_general_long.py
_base_ = ['./deciwatch_general.py']
load_from = 'work_dirs/deciwatch_general_smooth/best.pth'
optim_wrapper = dict(optimizer=dict(lr=3e-4))
train_cfg = dict(max_epochs=3)
