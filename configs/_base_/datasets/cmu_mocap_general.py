# Real human motion (CMU motion capture, 60 fps) seen by random virtual
# cameras through a general detector-noise model fitted to real detections
# (docs/detector_noise.md): the training data of the general refiners
# (configs/general/). Each window: T frames resampled to 24-60 fps, mirrored
# half of the time, projected by a random camera (portrait and landscape
# frames, any direction round the person, pitch -15..45 degrees, field of
# view 30-80 degrees, the person 25-90% of the frame height, slow camera
# motion), then the simulated detections; one square box per window from the
# detections (WindowPersonBox, as refine_sequence does at inference) gives
# the coordinates in its 56 x 56 frame. Validation and test draw the same
# cameras and noise every epoch (seed) from clips held out of training. The
# approximate keypoints (nose, ears, heels: no joint of the rig) weigh 0.5.
_base_ = ['./window_loaders.py']

data_root = '../shared/data/cmu_mocap'
seq_len = 13
min_fps = 24.0
heatmap_size = (56, 56)
# whole clips held out: climbing, dance, basketball, walking, swordplay,
# uneven terrain (test); dance, basketball, walking, jumping (validation)
test_clips = ['001_08', '005_12', '006_11', '007_05', '002_09', '003_01']
val_clips = ['005_13', '006_12', '007_09', '002_04']

motion = [
    dict(type='ResampleFrameRate', fps_range=(min_fps, 60.0)),
    dict(type='RandomMirrorMotion', prob=0.5),
    dict(type='RandomVirtualCamera'),
    dict(type='SimulateKeypointNoise'),
]
fixed_motion = [dict(t, seed=0) for t in motion]
box = [
    dict(type='WindowPersonBox', keypoints_key='input_keypoints', margin=0.1),
    dict(type='ProjectKeypointsToBox', clip=False),
    dict(
        type='ProjectKeypointsToBox',
        keypoints_key='input_keypoints',
        out_key='input_heatmap_keypoints',
        norm_key='input_keypoints_norm',
        clip=False),
]
pack = dict(type='PackWindowInputs', input_key='input_keypoints_norm')
train_pipeline = [*motion, *box, pack]
# for refiners whose segments are padded at inference
# (inference_edge_padding): some windows start or end where a person's
# detections do, the edge frame repeated (SimulateSegmentEdge)
segment_edge = dict(type='SimulateSegmentEdge', prob=0.15, max_frames=10)
edge_train_pipeline = [*motion, segment_edge, *box, pack]
val_pipeline = [*fixed_motion, *box, pack]
test_pipeline = val_pipeline

_dataset = dict(
    type='CMUMocapDataset',
    data_root=data_root,
    seq_len=seq_len,
    min_fps=min_fps,
    heatmap_size=heatmap_size)
train_dataloader = dict(
    dataset=dict(
        **_dataset,
        exclude=test_clips + val_clips,
        seq_step=4,
        pipeline=train_pipeline))
# held-out clips: the same cameras and noise every epoch
_held_out = dict(**_dataset, seq_step=8, test_mode=True, pipeline=val_pipeline)
val_dataloader = dict(dataset=dict(**_held_out, clips=val_clips))
test_dataloader = dict(dataset=dict(**_held_out, clips=test_clips))
# for score-aware refiners (DeciWatchHead(score_input=True)): the simulated
# detector also scores its points (SimulateDetectorScores, fitted to
# MediaPipe's visibility, docs/detector_noise.md) and the scores follow the
# coordinates in the input
scores = dict(type='SimulateDetectorScores')
score_pack = dict(pack, score_key='input_scores')
score_edge_train_pipeline = [*motion, scores, segment_edge, *box, score_pack]
score_val_pipeline = [*fixed_motion, dict(scores, seed=0), *box, score_pack]
