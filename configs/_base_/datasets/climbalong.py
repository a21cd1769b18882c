# The 25 ClimbAlong keypoints: MediaPipe BlazePose-33 without its eye and
# mouth points (BlazePose indices [0, 7, 8] + 11..32), in MMPose's meta-info
# shape. Skeleton: MediaPipe connections restricted to these points, plus
# nose-ear. Sigmas: COCO's for the COCO points, the wrist's for the finger
# points, COCO-WholeBody's foot sigmas for heel and foot index.
dataset_info = dict(
    dataset_name='climbalong',
    paper_info=dict(
        author='ClimbAlong A/S',
        title='Temporal Smoothing in 2D Human Pose Estimation for '
        'Bouldering',
        container='Master thesis, University of Copenhagen',
        year='2023',
        homepage='',
    ),
    keypoint_info={
        0:
        dict(name='nose', id=0, color=[51, 153, 255], type='upper', swap=''),
        1:
        dict(name='left_ear',
             id=1,
             color=[0, 255, 0],
             type='upper',
             swap='right_ear'),
        2:
        dict(name='right_ear',
             id=2,
             color=[255, 128, 0],
             type='upper',
             swap='left_ear'),
        3:
        dict(name='left_shoulder',
             id=3,
             color=[0, 255, 0],
             type='upper',
             swap='right_shoulder'),
        4:
        dict(name='right_shoulder',
             id=4,
             color=[255, 128, 0],
             type='upper',
             swap='left_shoulder'),
        5:
        dict(name='left_elbow',
             id=5,
             color=[0, 255, 0],
             type='upper',
             swap='right_elbow'),
        6:
        dict(name='right_elbow',
             id=6,
             color=[255, 128, 0],
             type='upper',
             swap='left_elbow'),
        7:
        dict(name='left_wrist',
             id=7,
             color=[0, 255, 0],
             type='upper',
             swap='right_wrist'),
        8:
        dict(name='right_wrist',
             id=8,
             color=[255, 128, 0],
             type='upper',
             swap='left_wrist'),
        9:
        dict(name='left_pinky',
             id=9,
             color=[0, 255, 0],
             type='upper',
             swap='right_pinky'),
        10:
        dict(name='right_pinky',
             id=10,
             color=[255, 128, 0],
             type='upper',
             swap='left_pinky'),
        11:
        dict(name='left_index',
             id=11,
             color=[0, 255, 0],
             type='upper',
             swap='right_index'),
        12:
        dict(name='right_index',
             id=12,
             color=[255, 128, 0],
             type='upper',
             swap='left_index'),
        13:
        dict(name='left_thumb',
             id=13,
             color=[0, 255, 0],
             type='upper',
             swap='right_thumb'),
        14:
        dict(name='right_thumb',
             id=14,
             color=[255, 128, 0],
             type='upper',
             swap='left_thumb'),
        15:
        dict(name='left_hip',
             id=15,
             color=[0, 255, 0],
             type='lower',
             swap='right_hip'),
        16:
        dict(name='right_hip',
             id=16,
             color=[255, 128, 0],
             type='lower',
             swap='left_hip'),
        17:
        dict(name='left_knee',
             id=17,
             color=[0, 255, 0],
             type='lower',
             swap='right_knee'),
        18:
        dict(name='right_knee',
             id=18,
             color=[255, 128, 0],
             type='lower',
             swap='left_knee'),
        19:
        dict(name='left_ankle',
             id=19,
             color=[0, 255, 0],
             type='lower',
             swap='right_ankle'),
        20:
        dict(name='right_ankle',
             id=20,
             color=[255, 128, 0],
             type='lower',
             swap='left_ankle'),
        21:
        dict(name='left_heel',
             id=21,
             color=[0, 255, 0],
             type='lower',
             swap='right_heel'),
        22:
        dict(name='right_heel',
             id=22,
             color=[255, 128, 0],
             type='lower',
             swap='left_heel'),
        23:
        dict(name='left_foot_index',
             id=23,
             color=[0, 255, 0],
             type='lower',
             swap='right_foot_index'),
        24:
        dict(name='right_foot_index',
             id=24,
             color=[255, 128, 0],
             type='lower',
             swap='left_foot_index'),
    },
    skeleton_info={
        0:
        dict(link=('nose', 'left_ear'), id=0, color=[51, 153, 255]),
        1:
        dict(link=('nose', 'right_ear'), id=1, color=[51, 153, 255]),
        2:
        dict(link=('left_shoulder', 'right_shoulder'),
             id=2,
             color=[51, 153, 255]),
        3:
        dict(link=('left_shoulder', 'left_elbow'), id=3, color=[0, 255, 0]),
        4:
        dict(link=('left_elbow', 'left_wrist'), id=4, color=[0, 255, 0]),
        5:
        dict(link=('right_shoulder', 'right_elbow'), id=5, color=[255, 128,
                                                                  0]),
        6:
        dict(link=('right_elbow', 'right_wrist'), id=6, color=[255, 128, 0]),
        7:
        dict(link=('left_wrist', 'left_pinky'), id=7, color=[0, 255, 0]),
        8:
        dict(link=('left_wrist', 'left_index'), id=8, color=[0, 255, 0]),
        9:
        dict(link=('left_wrist', 'left_thumb'), id=9, color=[0, 255, 0]),
        10:
        dict(link=('left_pinky', 'left_index'), id=10, color=[0, 255, 0]),
        11:
        dict(link=('right_wrist', 'right_pinky'), id=11, color=[255, 128, 0]),
        12:
        dict(link=('right_wrist', 'right_index'), id=12, color=[255, 128, 0]),
        13:
        dict(link=('right_wrist', 'right_thumb'), id=13, color=[255, 128, 0]),
        14:
        dict(link=('right_pinky', 'right_index'), id=14, color=[255, 128, 0]),
        15:
        dict(link=('left_shoulder', 'left_hip'), id=15, color=[0, 255, 0]),
        16:
        dict(link=('right_shoulder', 'right_hip'), id=16, color=[255, 128, 0]),
        17:
        dict(link=('left_hip', 'right_hip'), id=17, color=[51, 153, 255]),
        18:
        dict(link=('left_hip', 'left_knee'), id=18, color=[0, 255, 0]),
        19:
        dict(link=('left_knee', 'left_ankle'), id=19, color=[0, 255, 0]),
        20:
        dict(link=('left_ankle', 'left_heel'), id=20, color=[0, 255, 0]),
        21:
        dict(link=('left_ankle', 'left_foot_index'), id=21, color=[0, 255, 0]),
        22:
        dict(link=('left_heel', 'left_foot_index'), id=22, color=[0, 255, 0]),
        23:
        dict(link=('right_hip', 'right_knee'), id=23, color=[255, 128, 0]),
        24:
        dict(link=('right_knee', 'right_ankle'), id=24, color=[255, 128, 0]),
        25:
        dict(link=('right_ankle', 'right_heel'), id=25, color=[255, 128, 0]),
        26:
        dict(link=('right_ankle', 'right_foot_index'),
             id=26,
             color=[255, 128, 0]),
        27:
        dict(link=('right_heel', 'right_foot_index'),
             id=27,
             color=[255, 128, 0]),
    },
    joint_weights=[1.0] * 25,
    sigmas=[
        0.026,
        0.035,
        0.035,
        0.079,
        0.079,
        0.072,
        0.072,
        0.062,
        0.062,
        0.062,
        0.062,
        0.062,
        0.062,
        0.062,
        0.062,
        0.107,
        0.107,
        0.087,
        0.087,
        0.089,
        0.089,
        0.066,
        0.066,
        0.068,
        0.068,
    ])
