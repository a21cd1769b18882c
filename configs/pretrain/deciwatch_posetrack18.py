# DeciWatch pretrained on PoseTrack18-style tracks (COCO-17) with simulated
# detector input: Adam 1e-3, best checkpoint by validation PCK@0.2, copied to
# work_dirs/deciwatch_posetrack18/best.pth for
# configs/finetune/deciwatch_climb_from_posetrack18.py.
#   python tools/train.py configs/pretrain/deciwatch_posetrack18.py
_base_ = [
    '../_base_/models/deciwatch.py',
    '../_base_/schedules/thesis_pretrain.py',
    '../_base_/datasets/posetrack18_coords.py',
]
model = {{_base_.refiner}}
