# DeciWatch pretrained on a keypoint .npz (COCO-17 by default) with simulated
# detector input: Adam 1e-3, best checkpoint by validation PCK@0.2, copied to
# work_dirs/deciwatch_keypoint_npz/best.pth for
# configs/finetune/deciwatch_climb_from_keypoint_npz.py.
#   python tools/train.py configs/pretrain/deciwatch_keypoint_npz.py
_base_ = [
    '../_base_/models/deciwatch.py',
    '../_base_/schedules/thesis_pretrain.py',
    '../_base_/datasets/keypoint_npz_coords.py',
]
model = {{_base_.refiner}}
