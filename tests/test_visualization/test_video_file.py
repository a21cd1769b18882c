import pytest
from synthetic_mp4 import write_mp4

from mmclimb.visualization import VideoFile, VideoReadError


@pytest.fixture
def tiny_mp4(tmp_path):
    """6 grey frames of 160 x 120 at 25 fps."""
    return write_mp4(tmp_path / 'tiny.mp4')


def test_video_file_reads_metadata_and_frames(tiny_mp4):
    video = VideoFile(tiny_mp4)
    assert (video.width, video.height, video.num_frames) == (160, 120, 6)
    assert video.fps == pytest.approx(25.0)
    frames = list(video.frames(4))
    assert len(frames) == 4 and frames[0].shape == (120, 160, 3)
    assert len(list(video.frames())) == 6


def test_video_file_errors(tmp_path, tiny_mp4):
    with pytest.raises(FileNotFoundError, match='missing.mp4'):
        VideoFile(tmp_path / 'missing.mp4')
    not_a_video = tmp_path / 'notes.mp4'
    not_a_video.write_text('not a video')
    with pytest.raises(VideoReadError, match='cannot open'):
        VideoFile(not_a_video)
    with pytest.raises(VideoReadError, match='ended after 6 frames, 8'):
        list(VideoFile(tiny_mp4).frames(8))
