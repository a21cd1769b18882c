# Another MMPose project's config: MMPose's own runtime (default_scope
# 'mmpose'), with mmclimb's modules imported through custom_imports and used
# by plain name, as any MMPose config can.
_base_ = ['mmpose::_base_/default_runtime.py']
custom_imports = dict(imports=['mmclimb'], allow_failed_imports=False)

model = dict(type='TemporalPoseEstimator',
             head=dict(type='Conv3DHead', num_keypoints=25, seq_len=5))
