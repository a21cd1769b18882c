"""Pictures of refined keypoints: trajectories (PNG) and skeleton videos
(mp4)."""
from .check_tracks import check_tracks
from .climbalong_skeleton import SkeletonStyle, climbalong_skeleton
from .plot_trajectories import plot_trajectories
from .video_file import VideoFile, VideoReadError
from .write_skeleton_video import write_skeleton_video

__all__ = [
    'SkeletonStyle', 'VideoFile', 'VideoReadError', 'check_tracks',
    'climbalong_skeleton',
    'plot_trajectories', 'write_skeleton_video'
]
