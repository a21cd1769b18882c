import cv2
import numpy as np
import pytest
from synthetic_mp4 import write_mp4

from mmclimb.visualization import (VideoReadError, climbalong_skeleton,
                                   track_colors, write_skeleton_video)

GREEN, ORANGE = [0, 255, 0], [255, 128, 0]  # RGB


@pytest.fixture
def tiny_mp4(tmp_path):
    """6 grey frames of 160 x 120 at 25 fps."""
    return write_mp4(tmp_path / 'tiny.mp4')


def _two_point_tracks(num_frames=6):
    """Keypoint 0 at (20, 60) and 1 at (140, 60); frame 2 has none."""
    points = np.tile(np.float32([[20, 60], [140, 60]]), (num_frames, 1, 1))
    points[2] = np.nan
    return points


def _read_all(path):
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            return frames, capture.get(cv2.CAP_PROP_FPS)
        frames.append(frame)


def _greenness(frame, x, y):
    """G minus R (BGR frame) around a pixel."""
    patch = frame[y - 1:y + 2, x - 1:x + 2].astype(int)
    return float((patch[..., 1] - patch[..., 2]).mean())


@pytest.mark.parametrize('mode,width', [('side_by_side', 320),
                                        ('overlay', 160)])
def test_write_skeleton_video_frames_and_size(tmp_path, tiny_mp4, mode, width):
    raw = _two_point_tracks()
    refined = raw + [0, 20]  # the refined link 20 px lower
    out = tmp_path / 'out' / f'{mode}.mp4'
    write_skeleton_video(str(tiny_mp4),
                         raw,
                         refined,
                         str(out), [(0, 1)], [GREEN],
                         mode=mode,
                         show_progress=False)
    frames, fps = _read_all(out)
    assert len(frames) == 6
    assert frames[0].shape == (120, width, 3)
    assert fps == pytest.approx(25.0)
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    # the refined link (green) is drawn on frames with keypoints, not on
    # frame 2 whose keypoints are NaN
    refined_x = 80 + (160 if mode == 'side_by_side' else 0)
    assert _greenness(frames[0], refined_x, 80) > 60
    assert abs(_greenness(frames[2], refined_x, 80)) < 20
    if mode == 'side_by_side':  # raw on the left panel, dataset colours
        assert _greenness(frames[0], 80, 60) > 60
    else:  # raw in grey over the same frame
        assert abs(_greenness(frames[0], 80, 60)) < 20
        assert frames[0][60, 80].mean() > 160


def test_write_skeleton_video_with_the_climbalong_style(tmp_path, tiny_mp4):
    style = climbalong_skeleton()
    rng = np.random.default_rng(0)
    raw = rng.uniform([10, 10], [150, 110], (6, 25, 2))
    out = tmp_path / 'climb.mp4'
    write_skeleton_video(str(tiny_mp4),
                         raw,
                         raw + 1,
                         str(out),
                         style.skeleton,
                         style.colors,
                         show_progress=False)
    frames, _ = _read_all(out)
    assert len(frames) == 6 and frames[0].shape == (120, 320, 3)


def test_write_skeleton_video_allow_shorter(tmp_path, tiny_mp4):
    raw = _two_point_tracks(4)
    out = tmp_path / 'short.mp4'
    write_skeleton_video(str(tiny_mp4),
                         raw,
                         raw,
                         str(out), [(0, 1)], [ORANGE],
                         mode='overlay',
                         allow_shorter=True,
                         show_progress=False)
    assert len(_read_all(out)[0]) == 4


def test_write_skeleton_video_errors(tmp_path, tiny_mp4):
    out = tmp_path / 'out.mp4'
    raw = _two_point_tracks()
    with pytest.raises(VideoReadError,
                       match=r'6 frames .* have 4 \(2 '
                       r'fewer\).*allow_shorter'):
        write_skeleton_video(str(tiny_mp4), raw[:4], raw[:4], str(out),
                             [(0, 1)], [GREEN])
    long = _two_point_tracks(9)
    with pytest.raises(VideoReadError, match=r'have 9 \(3 more\)'):
        write_skeleton_video(str(tiny_mp4),
                             long,
                             long,
                             str(out), [(0, 1)], [GREEN],
                             allow_shorter=True)
    with pytest.raises(FileNotFoundError, match='nothing.mp4'):
        write_skeleton_video(str(tmp_path / 'nothing.mp4'), raw, raw, str(out),
                             [(0, 1)], [GREEN])
    with pytest.raises(ValueError, match='mode'):
        write_skeleton_video(str(tiny_mp4),
                             raw,
                             raw,
                             str(out), [(0, 1)], [GREEN],
                             mode='stacked')
    with pytest.raises(ValueError, match=r'link \(0, 2\) is outside'):
        write_skeleton_video(str(tiny_mp4), raw, raw, str(out), [(0, 2)],
                             [GREEN])
    with pytest.raises(ValueError, match='1 skeleton links but 2'):
        write_skeleton_video(str(tiny_mp4), raw, raw, str(out), [(0, 1)],
                             [GREEN, ORANGE])
    with pytest.raises(ValueError, match='same'):
        write_skeleton_video(str(tiny_mp4), raw, raw[:, :1], str(out),
                             [(0, 1)], [GREEN])
    assert sorted(p.name for p in tmp_path.iterdir()) == ['tiny.mp4']


@pytest.mark.parametrize('mode', ['side_by_side', 'overlay'])
def test_several_people_are_drawn_each_in_their_track_colour(
        tmp_path, tiny_mp4, mode):
    # person 0's link at y = 70, person 1's at y = 100 (below the
    # labels); person 1 absent from frame 4
    people = np.stack([_two_point_tracks() + [0, 10],
                       _two_point_tracks() + [0, 40]], axis=1)
    people[4, 1] = np.nan
    out = tmp_path / 'people.mp4'
    write_skeleton_video(str(tiny_mp4), people, people, str(out), [(0, 1)],
                         [GREEN], mode=mode, show_progress=False)
    frames, _ = _read_all(out)
    refined_x = 80 + (160 if mode == 'side_by_side' else 0)
    blue, orange = track_colors(2).astype(int)  # RGB
    for frame_index, person, y, rgb in [(0, 0, 70, blue),
                                        (0, 1, 100, orange),
                                        (4, 0, 70, blue)]:
        bgr = frames[frame_index][y, refined_x].astype(int)[::-1]
        assert np.abs(bgr - rgb).max() < 40, (frame_index, person, bgr)
    # nothing drawn for the absent person
    assert frames[4][100, refined_x].astype(int).std() < 10
