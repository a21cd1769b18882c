"""tools/video_to_climbalong.py with a randomly initialised MMPose model."""
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import run_tool

from mmclimb.datasets import ClimbAlongVideo
from mmclimb.fileio import open_npz

REPO = Path(__file__).resolve().parents[2]
POSE_CONFIG = REPO / 'tests/data/configs/td-hm_res18_coco-256x192_random.py'
DEMO_VIDEO = REPO.parent / 'shared/data/sports2d_demo/demo.mp4'


@pytest.mark.skipif(not DEMO_VIDEO.is_file(),
                    reason=f'{DEMO_VIDEO} is not available')
def test_video_to_climbalong_writes_a_climbalong_input(tmp_path, python):
    boxes = tmp_path / 'boxes.json'
    boxes.write_text(json.dumps([[500, 50, 900, 950]] * 230))
    out = tmp_path / 'climb' / 'input' / 'demo.npz'
    proc = run_tool(python, 'tools/video_to_climbalong.py', DEMO_VIDEO,
                    POSE_CONFIG, '--out', out, '--boxes', boxes,
                    '--max-frames', 3, '--batch-size', 2)
    assert 'random weights' in proc.stderr
    assert '3 frames' in proc.stdout and '15 of 25 keypoints' in proc.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ['demo.npz']

    arrays = open_npz(str(out))
    assert arrays['heatmaps'].shape == (3, 25, 56, 56)
    assert arrays['bboxes'].tolist() == [[500, 50, 900, 950]] * 3
    assert arrays['keypoints_available'].sum() == 15
    # the dataset's reader accepts it as the input half of a video pair
    target = tmp_path / 'climb' / 'target' / 'demo.npz'
    target.parent.mkdir()
    np.savez(target, keypoints=np.zeros((3, 1, 25, 3), np.float32))
    video = ClimbAlongVideo('demo', str(out), str(target))
    assert video.num_frames == 3
    heatmaps = video.heatmaps(np.arange(3))
    assert heatmaps.shape == (3, 25, 56, 56) and heatmaps.dtype == np.float32
