# DeciWatch finetuned on ClimbAlong-format data from its pretraining on a
# keypoint .npz (COCO-17 by default)
# (configs/pretrain/deciwatch_keypoint_npz.py).
_base_ = ['./deciwatch_climb_from_penn_action.py']
load_from = 'work_dirs/deciwatch_keypoint_npz/best.pth'
