"""Pictures of refined keypoints: trajectories (PNG) and skeleton videos
(mp4), one person or several (each track in its own colour)."""
from .check_tracks import check_tracks
from .climbalong_skeleton import SkeletonStyle, climbalong_skeleton
from .plot_trajectories import plot_trajectories
from .track_colors import track_colors
from .video_file import VideoFile, VideoReadError
from .write_skeleton_video import write_skeleton_video

__all__ = [
    'SkeletonStyle', 'VideoFile', 'VideoReadError', 'check_tracks',
    'climbalong_skeleton', 'plot_trajectories', 'track_colors',
    'write_skeleton_video'
]
