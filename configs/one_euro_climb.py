# The One-Euro filter (a classical, non-learned smoother) as a refiner:
# causal, speed-adaptive low-pass on the coordinates (units: the person's
# box, see mmclimb/models/heads/base_filter_head.py). No checkpoint:
#   python tools/test.py configs/one_euro_climb.py
# and on whole sequences with mmclimb.apis.refine_sequence / tools/refine.py.
_base_ = [
    './_base_/default_runtime.py',
    './_base_/datasets/synthetic_climb_coords.py',
]

model = dict(
    type='TemporalPoseEstimator',
    head=dict(
        type='OneEuroFilterHead',
        min_cutoff=1.0,
        beta=1.0,
        d_cutoff=1.0,
        fps=30.0,
        heatmap_size=(56, 56)),
)

# nothing to train: the Runner needs train loader, loop and optimizer all
# unset
train_dataloader = None
