# bi-ConvLSTM Model C finetuned on ClimbAlong-format data from its pretraining
# on PoseTrack18-style tracks (COCO-17)
# (configs/pretrain/biconvlstm_c_posetrack18.py).
_base_ = ['./biconvlstm_c_climb_from_penn_action.py']
load_from = 'work_dirs/biconvlstm_c_posetrack18/best.pth'
