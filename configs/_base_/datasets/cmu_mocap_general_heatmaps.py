# ./cmu_mocap_general.py for heatmap refiners: the detections and the ground
# truth in the window box rendered as Gaussians (sigma 1, peak 1) on their
# exact, sub-pixel positions. The input is not rescaled: it has the targets'
# shape and peak, so a refiner that starts as the identity starts at the
# input (every detection is rendered, filled gaps too, as refine_sequence
# does). Fewer windows per epoch than the coordinate data (seq_step 12): a
# window costs two heatmap stacks.
_base_ = ['./cmu_mocap_general.py']

render = [
    dict(
        type='RenderGaussianHeatmaps',
        sigma=1.0,
        subpixel=True,
        keypoints_key='input_heatmap_keypoints',
        visible_key='keypoints_visible',
        out_key='heatmaps',
        weights_key=None),
    dict(type='RenderGaussianHeatmaps', sigma=1.0, subpixel=True),
    dict(type='PackWindowInputs', input_key='heatmaps'),
]
train_dataloader = dict(
    dataset=dict(
        seq_step=12, pipeline=[*_base_.motion, *_base_.box, *render]))
val_dataloader = dict(
    dataset=dict(
        seq_step=16, pipeline=[*_base_.fixed_motion, *_base_.box, *render]))
test_dataloader = dict(
    dataset=dict(
        seq_step=16, pipeline=[*_base_.fixed_motion, *_base_.box, *render]))
