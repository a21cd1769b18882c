# MMPose's own top-down heatmap config (SimpleBaseline ResNet-50, COCO-17,
# MSRAHeatmap codec) with a ResNet-18 backbone and no pretrained
# initialisation: built from MMPose's registry with random weights, nothing
# is downloaded. For the detector front end's tests.
_base_ = [
    'mmpose::body_2d_keypoint/topdown_heatmap/coco/'
    'td-hm_res50_8xb64-210e_coco-256x192.py'
]
model = dict(backbone=dict(depth=18, init_cfg=None),
             head=dict(in_channels=512))
