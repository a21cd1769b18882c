# bi-ConvLSTM Model S pretrained on PoseTrack18-style tracks (COCO-17) with
# simulated detector input: Adam 1e-3, best checkpoint by validation PCK@0.2,
# copied to work_dirs/biconvlstm_s_posetrack18/best.pth for
# configs/finetune/biconvlstm_s_climb_from_posetrack18.py.
#   python tools/train.py configs/pretrain/biconvlstm_s_posetrack18.py
_base_ = [
    '../_base_/models/biconvlstm_s.py',
    '../_base_/schedules/thesis_pretrain.py',
    '../_base_/datasets/posetrack18.py',
]
model = {{_base_.refiner}}
