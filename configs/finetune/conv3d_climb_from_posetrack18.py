# 3DConv finetuned on ClimbAlong-format data from its pretraining on
# PoseTrack18-style tracks (COCO-17) (configs/pretrain/conv3d_posetrack18.py).
_base_ = ['./conv3d_climb_from_penn_action.py']
load_from = 'work_dirs/conv3d_posetrack18/best.pth'
