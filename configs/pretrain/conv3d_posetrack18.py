# 3DConv pretrained on PoseTrack18-style tracks (COCO-17) with simulated
# detector input: Adam 1e-3, best checkpoint by validation PCK@0.2, copied to
# work_dirs/conv3d_posetrack18/best.pth for
# configs/finetune/conv3d_climb_from_posetrack18.py.
#   python tools/train.py configs/pretrain/conv3d_posetrack18.py
_base_ = [
    '../_base_/models/conv3d.py',
    '../_base_/schedules/thesis_pretrain.py',
    '../_base_/datasets/posetrack18.py',
]
model = {{_base_.refiner}}
