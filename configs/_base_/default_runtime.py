# Runtime settings shared by every mmclimb config (MMPose's shape).
default_scope = 'mmpose'
custom_imports = dict(imports=['mmclimb'], allow_failed_imports=False)

# AtomicCheckpointHook: mmengine's CheckpointHook with crash-safe saving (a
# temporary file + rename; outdated checkpoints deleted only after the new one
# and last_checkpoint are written). EpochSeedHook reseeds random, numpy and
# torch from (seed, epoch) before each epoch, so --resume continues exactly.
# BestCheckpointCopyHook copies the best checkpoint (save_best in the
# schedules) to <work_dir>/best.pth, a name later configs and tools can use.
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='AtomicCheckpointHook', interval=1, max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    epoch_seed=dict(type='EpochSeedHook'),
    best_copy=dict(type='BestCheckpointCopyHook'),
    # the loader workers' data warnings, counted and said once at the end
    data_warnings=dict(type='DataWarningHook'),
)
custom_hooks = [dict(type='SyncBuffersHook')]

# The distributed backend is NCCL with CUDA; tools/train.py and tools/test.py
# switch it to gloo (and DDP to device_ids=None) on a machine without CUDA.
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# mmengine's plain Visualizer: MMPose's PoseLocalVisualizer needs torchvision,
# which has no CPU build. mmpose's VISUALIZERS, VISBACKENDS and LOG_PROCESSORS
# registries lazily import mmpose.visualization (and so torchvision) on their
# first lookup; `_scope_='mmengine'` builds these from mmengine's registries.
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='Visualizer',
    _scope_='mmengine',
    vis_backends=vis_backends,
    name='visualizer')

log_processor = dict(
    type='LogProcessor',
    _scope_='mmengine',
    window_size=50,
    by_epoch=True,
    num_digits=6)
log_level = 'INFO'
load_from = None
resume = False

backend_args = dict(backend='local')

val_cfg = dict()
test_cfg = dict()
