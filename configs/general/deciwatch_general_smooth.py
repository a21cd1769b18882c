# Stage 3 of the general DeciWatch: from stage 2's best checkpoint
# (./deciwatch_general_finetune.py), 4 epochs at Adam 3e-4 on 13-frame
# windows with the final sampling and loss (every second frame sampled, the
# acceleration L1 at 10; configs/_base_/models/deciwatch_general.py).
#   python tools/train.py configs/general/deciwatch_general_smooth.py
_base_ = ['./deciwatch_general.py']
load_from = 'work_dirs/deciwatch_general_finetune/best.pth'
model = dict(head=dict(seq_len=13))
_window = dict(dataset=dict(seq_len=13))
train_dataloader = _window
val_dataloader = _window
test_dataloader = _window
optim_wrapper = dict(optimizer=dict(lr=3e-4))
train_cfg = dict(max_epochs=4)
