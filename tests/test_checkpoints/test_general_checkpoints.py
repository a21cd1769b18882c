"""The shipped general refiners load strictly and refine real-video input.

``checkpoints/*.pth`` are trained by the commands in the README ("General
refiners for real video"); these tests check that each loads into its
config's model with every key and shape matching, that its provenance note
is there, and that it refines MediaPipe-style keypoint files at 30 and 60
fps and MMPose prediction JSON.
"""
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from mmclimb.apis import init_refiner, refine_sequence

REPO = Path(__file__).resolve().parents[2]
SHIPPED = [
    ('configs/general/deciwatch_general.py', 'checkpoints/deciwatch_general.pth'),
    ('configs/general/conv3d_general.py', 'checkpoints/conv3d_general.pth'),
]


def _walk(num_frames: int, fps: float, seed: int = 0) -> np.ndarray:
    """A person-sized 25-point skeleton walking and waving, (T, 25, 3)
    image pixels with visibility, a few missing frames and points."""
    rng = np.random.default_rng(seed)
    base = rng.uniform([-40, -160], [40, 160], (25, 2))
    base[[3, 4, 15, 16]] = [[-30, -80], [30, -80], [-20, 20], [20, 20]]
    t = np.arange(num_frames)[:, None, None] / fps
    motion = base + [600, 400] + np.concatenate(
        [60 * t, 10 * np.sin(2 * np.pi * 0.8 * t)], axis=-1)
    detections = motion + rng.normal(0, 2.0, motion.shape)
    detections[5] = np.nan
    detections[20:22, 7] = np.nan
    scores = np.ones((num_frames, 25, 1))
    return np.concatenate([detections, scores], axis=-1).astype(np.float32)


@pytest.mark.parametrize('config,checkpoint', SHIPPED)
def test_checkpoint_loads_strictly(config, checkpoint):
    path = REPO / checkpoint
    assert path.is_file(), f'{checkpoint} is missing (README: how to train)'
    state = torch.load(path, map_location='cpu', weights_only=True)
    assert set(state) == {'state_dict', 'meta'}
    assert 'tools/train.py' in state['meta']['note']
    refiner = init_refiner(str(REPO / config))
    expected = refiner.state_dict()
    assert set(state['state_dict']) == set(expected)
    for key, value in expected.items():
        assert state['state_dict'][key].shape == value.shape, key
    loaded = init_refiner(str(REPO / config), str(path))
    for key, value in loaded.state_dict().items():
        torch.testing.assert_close(value, state['state_dict'][key])


@pytest.mark.parametrize('config,checkpoint', SHIPPED)
@pytest.mark.parametrize('fps', [30.0, 60.0])
def test_checkpoint_refines_keypoint_npz(tmp_path, config, checkpoint, fps):
    refiner = init_refiner(str(REPO / config), str(REPO / checkpoint))
    detections = _walk(int(3 * fps), fps)
    path = tmp_path / 'detections.npz'
    np.savez(path, det25=detections, fps=np.float32(fps))
    keypoints, scores = refine_sequence(refiner, str(path))
    assert keypoints.shape == (len(detections), 25, 2)
    assert np.isfinite(keypoints).all() and np.isfinite(scores).all()
    present = np.isfinite(detections[..., 0])
    shift = np.linalg.norm(keypoints - detections[..., :2], axis=-1)[present]
    # a refiner of real video keeps a walking person where the detector saw
    # them: within a fifth of the torso (about 100 px here) everywhere
    assert np.median(shift) < 5.0 and shift.max() < 20.0


@pytest.mark.parametrize('config,checkpoint', SHIPPED[:1])
def test_checkpoint_refines_mmpose_json(tmp_path, config, checkpoint):
    refiner = init_refiner(str(REPO / config), str(REPO / checkpoint))
    detections = _walk(40, 30.0)
    frames = [
        dict(frame_id=t, instances=[
            dict(keypoints=np.nan_to_num(d[:, :2], nan=0.0).tolist(),
                 keypoint_scores=np.where(np.isnan(d[:, 0]), 0.0,
                                          1.0).tolist())
        ]) for t, d in enumerate(detections) if t != 5
    ]
    path = tmp_path / 'predictions.json'
    path.write_text(json.dumps(frames))
    keypoints, _ = refine_sequence(refiner, str(path))
    assert keypoints.shape[1:] == (25, 2) and np.isfinite(keypoints).all()
