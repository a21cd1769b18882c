# 3DConv finetuned on ClimbAlong-format data from its pretraining on a keypoint
# .npz (COCO-17 by default) (configs/pretrain/conv3d_keypoint_npz.py).
_base_ = ['./conv3d_climb_from_penn_action.py']
load_from = 'work_dirs/conv3d_keypoint_npz/best.pth'
