# bi-ConvLSTM Model S finetuned on ClimbAlong-format data from its pretraining
# on a keypoint .npz (COCO-17 by default)
# (configs/pretrain/biconvlstm_s_keypoint_npz.py).
_base_ = ['./biconvlstm_s_climb_from_penn_action.py']
load_from = 'work_dirs/biconvlstm_s_keypoint_npz/best.pth'
