# bi-ConvLSTM Model S finetuned on ClimbAlong-format data from its pretraining
# on PoseTrack18-style tracks (COCO-17)
# (configs/pretrain/biconvlstm_s_posetrack18.py).
_base_ = ['./biconvlstm_s_climb_from_penn_action.py']
load_from = 'work_dirs/biconvlstm_s_posetrack18/best.pth'
