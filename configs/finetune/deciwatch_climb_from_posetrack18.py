# DeciWatch finetuned on ClimbAlong-format data from its pretraining on
# PoseTrack18-style tracks (COCO-17)
# (configs/pretrain/deciwatch_posetrack18.py).
_base_ = ['./deciwatch_climb_from_penn_action.py']
load_from = 'work_dirs/deciwatch_posetrack18/best.pth'
