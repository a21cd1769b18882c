# Stage 3 of the general DeciWatch: from stage 2's best checkpoint
# (./deciwatch_general_finetune.py, whose 13-frame windows and learning rate
# it keeps), 4 epochs with the final sampling and loss (every second frame
# sampled, the acceleration L1 at 10; configs/_base_/models/
# deciwatch_general.py).
#   python tools/train.py configs/general/deciwatch_general_smooth.py
_base_ = ['./deciwatch_general_finetune.py']
load_from = 'work_dirs/deciwatch_general_finetune/best.pth'
model = dict(head=dict(sample_interval=2, w_accel=10.0))
train_cfg = dict(max_epochs=4)
