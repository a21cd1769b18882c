"""MediaPipe Pose through its separate env, and the errors without it.

The end-to-end tests need ``.venv-mediapipe`` (``make mediapipe-setup``) and
the shared video; they compare with the shared reference detections, made
with the same mediapipe 0.10.21, model_complexity=1, in video mode.
"""
import importlib.util
import io
import os
import sys

import numpy as np
import pytest

from conftest import REPO, run_tool
from mmclimb.apis import load_sequence
from mmclimb.frontends import MediaPipeFrontend, MediaPipeFrontendError
from mmclimb.frontends.mediapipe_frontend import _LineProgress

# CI: a fresh clone with shared/ beside it
SPORTS2D = REPO.parent / 'shared' / 'data' / 'sports2d_demo'
DEMO_VIDEO = SPORTS2D / 'demo.mp4'
REFERENCE = SPORTS2D / 'derived' / 'sports2d_demo_mediapipe.npz'
MP_PYTHON = os.environ.get('MMCLIMB_MEDIAPIPE_PYTHON') or str(
    REPO / '.venv-mediapipe' / 'bin' / 'python')
IDX25_IN_33 = [0, 7, 8] + list(range(11, 33))
NUM_FRAMES = 12

needs_env = pytest.mark.skipif(
    not os.access(MP_PYTHON, os.X_OK),
    reason='no .venv-mediapipe: run make mediapipe-setup')
needs_video = pytest.mark.skipif(
    not (DEMO_VIDEO.is_file() and REFERENCE.is_file()),
    reason=f'the shared sports2d demo video or reference is not in {SPORTS2D}')


def _video_tool():
    spec = importlib.util.spec_from_file_location(
        'video_to_climbalong', REPO / 'tools' / 'video_to_climbalong.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def tool_output(tmp_path_factory):
    out = tmp_path_factory.mktemp('mediapipe') / 'demo_keypoints.npz'
    proc = run_tool(sys.executable, 'tools/video_to_climbalong.py', DEMO_VIDEO,
                    '--detector', 'mediapipe', '--out', out, '--max-frames',
                    NUM_FRAMES)
    return out, proc


@needs_env
@needs_video
def test_tool_writes_mediapipe_keypoints_close_to_the_reference(tool_output):
    out, proc = tool_output
    assert f'{NUM_FRAMES} frames (3 without a detection)' in proc.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]

    with np.load(out) as npz:
        got = {key: npz[key] for key in npz.files}
    det33, det25 = got['det33'], got['det25']
    assert det33.shape == (NUM_FRAMES, 33, 3) and det33.dtype == np.float32
    assert det25.shape == (NUM_FRAMES, 25, 3) and det25.dtype == np.float32
    assert np.array_equal(got['keypoints'], det25, equal_nan=True)
    assert np.array_equal(det25, det33[:, IDX25_IN_33], equal_nan=True)
    assert got['idx25_in_33'].tolist() == IDX25_IN_33
    assert float(got['fps']) == 30.0
    assert got['image_wh'].tolist() == [1768, 994]
    assert str(got['detector']) == 'mediapipe==0.10.21 model_complexity=1'

    # a frame is either fully detected (finite, inside the image,
    # visibility in 0..1) or all NaN
    detected = np.isfinite(det33).all(axis=(1, 2))
    assert (detected | np.isnan(det33).all(axis=(1, 2))).all()
    xy, vis = det33[detected, :, :2], det33[detected, :, 2]
    assert ((vis >= 0) & (vis <= 1)).all()
    assert (np.median(xy, axis=1) > 0).all()
    assert (np.median(xy, axis=1) < [1768, 994]).all()

    with np.load(REFERENCE) as npz:
        ref = npz['det25'][:NUM_FRAMES]
    assert np.array_equal(detected, np.isfinite(ref).all(axis=(1, 2)))
    dist = np.linalg.norm(det25[detected, :, :2] - ref[detected, :, :2],
                          axis=-1)
    assert np.median(dist) < 3.0

    # the refiners' reader takes it, filling the frames without detection
    with pytest.warns(UserWarning, match=r'\(3 whole frames\) filled'):
        sequence = load_sequence(str(out))
    assert sequence.keypoints.shape == (NUM_FRAMES, 25, 2)
    assert np.isfinite(sequence.keypoints).all()
    assert sequence.missing[~detected].all()
    assert not sequence.missing[detected].any()
    assert sequence.fps == 30.0


@needs_env
@needs_video
def test_frontend_progress_is_one_final_line_off_a_terminal():
    stream = io.StringIO()
    arrays = MediaPipeFrontend().run(str(DEMO_VIDEO),
                                     max_frames=5,
                                     stream=stream)
    assert arrays['det33'].shape == (5, 33, 3)
    assert str(arrays['detector']).startswith('mediapipe==')
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and '5/5 frames' in lines[0]
    assert '\r' not in stream.getvalue()


def test_missing_env_names_make_mediapipe_setup(tmp_path, monkeypatch):
    monkeypatch.setenv('MMCLIMB_MEDIAPIPE_PYTHON',
                       str(tmp_path / 'no-such-env' / 'bin' / 'python'))
    with pytest.raises(MediaPipeFrontendError,
                       match='run `make mediapipe-setup`'):
        MediaPipeFrontend()


def test_worker_failure_carries_its_stderr(tmp_path):
    # the main venv's python has cv2 and numpy but no mediapipe
    video = tmp_path / 'clip.mp4'
    video.write_bytes(b'')
    frontend = MediaPipeFrontend(python=sys.executable)
    with pytest.raises(MediaPipeFrontendError,
                       match="(?s)exited 1.*No module named 'mediapipe'"):
        frontend.run(str(video), show_progress=False)


def test_progress_bar_redraws_in_place_on_a_terminal():

    class Terminal(io.StringIO):

        def isatty(self):
            return True

    stream = Terminal()
    bar = _LineProgress(stream)
    for done in (0, 10, 20):
        bar.update(done, 20)
    bar.finish()
    text = stream.getvalue()
    assert text.count('\r') == 4 and text.count('\n') == 1
    assert text.rstrip('\n').rsplit('\r', 1)[1].startswith('[' + '>' * 30)


def test_mmpose_detector_needs_a_pose_config(capsys):
    tool = _video_tool()
    with pytest.raises(SystemExit) as exit_info:
        tool.parse_args(['clip.mp4', '--out', 'out.npz'])
    assert exit_info.value.code == 2
    assert '--detector mmpose (the default) needs POSE_CONFIG' in \
        capsys.readouterr().err
    with pytest.raises(SystemExit):
        tool.parse_args(
            ['clip.mp4', 'pose.py', '--detector', 'mediapipe', '--out', 'o'])
    assert 'takes no POSE_CONFIG' in capsys.readouterr().err
    args = tool.parse_args([
        'clip.mp4', '--detector', 'mediapipe', '--out', 'o.npz',
        '--max-frames', '4'
    ])
    assert (args.detector, args.pose_config, args.max_frames) == \
        ('mediapipe', None, 4)
