# bi-ConvLSTM Model C finetuned on ClimbAlong-format data from its pretraining
# on a keypoint .npz (COCO-17 by default)
# (configs/pretrain/biconvlstm_c_keypoint_npz.py).
_base_ = ['./biconvlstm_c_climb_from_penn_action.py']
load_from = 'work_dirs/biconvlstm_c_keypoint_npz/best.pth'
