"""Whole clips of simulated detections with their ground truth.

Symbols: N source frames at 60 fps, T frames at the output rate f, K = 25
ClimbAlong keypoints, (x, y) image pixels.

Contract: :func:`simulate_clip_detections` turns one motion-capture clip
(N, K, 3) into what a detector would give on a video of it, through the
same transforms the general training pipeline uses
(``ResampleFrameRate``, ``RandomVirtualCamera``, ``SimulateKeypointNoise``),
with one camera for the whole clip that follows the person. It returns
``gt`` (T, K, 2) float32, ``visible`` (T, K) float32 (the dataset's
flags), ``detections`` (T, K, 2) float32 with NaN where the simulated
detector dropped a point (so readers fill them as they fill real gaps),
``image_wh`` (2,), ``fps`` and, when asked (``scores``), the simulated
detector's ``scores`` (T, K) float32 (``SimulateDetectorScores``). The same ``seed`` gives the same clip.
"""
from typing import Optional

import numpy as np
from mmpose.registry import TRANSFORMS

__all__ = ['simulate_clip_detections']


def simulate_clip_detections(keypoints_3d: np.ndarray,
                             flags: np.ndarray,
                             flip_indices,
                             fps: float,
                             seed: int,
                             source_fps: float = 60.0,
                             camera: Optional[dict] = None,
                             noise: Optional[dict] = None,
                             scores: Optional[dict] = None) -> dict:
    """Simulated detections of a whole clip (module docstring).

    Args:
        keypoints_3d (np.ndarray): (N, K, 3) world positions, Y up.
        flags (np.ndarray): (K,) or (N, K) keypoint flags / weights.
        flip_indices (Sequence[int]): (K,) left/right partners.
        fps (float): The output frame rate f (at most ``source_fps``).
        seed (int): Seed of the camera and the noise.
        source_fps (float): The clip's rate. Defaults to 60.
        camera (dict, optional): ``RandomVirtualCamera`` arguments; by
            default it follows the person (``follow_seconds=1``).
        noise (dict, optional): ``SimulateKeypointNoise`` arguments.
        scores (dict, optional): ``SimulateDetectorScores`` arguments
            (its ``unknown_prob`` is 0 unless given); None simulates no
            scores.

    Returns:
        dict: See the module docstring.
    """
    num_frames = len(keypoints_3d)
    seq_len = int(np.floor((num_frames - 1) * fps / source_fps + 1e-9)) + 1
    results = dict(
        keypoints_3d=np.asarray(keypoints_3d, dtype=np.float64),
        keypoints_visible=np.broadcast_to(
            np.asarray(flags, np.float32), keypoints_3d.shape[:2]).copy(),
        fps=float(source_fps),
        seq_len=seq_len,
        flip_indices=list(flip_indices),
        sample_idx=0)
    steps = [
        dict(type='ResampleFrameRate', fps_range=(fps, fps), seed=seed),
        dict(type='RandomVirtualCamera', follow_seconds=1.0, seed=seed,
             **(camera or {})),
        dict(type='SimulateKeypointNoise', seed=seed, **(noise or {})),
    ]
    if scores is not None:
        steps.append(dict(type='SimulateDetectorScores', seed=seed,
                          **{'unknown_prob': 0.0, **scores}))
    for step in steps:
        results = TRANSFORMS.build(step)(results)
    detections = np.where(results['input_visible'][..., None] > 0,
                          results['input_keypoints'], np.nan)
    return dict(
        gt=results['keypoints'].astype(np.float32),
        visible=results['keypoints_visible'].astype(np.float32),
        detections=detections.astype(np.float32),
        image_wh=results['image_wh'],
        fps=float(fps),
        **({} if scores is None else dict(scores=results['input_scores'])))
