"""Tiny generated multi-person keypoint data for the tracking tests.

``walking_people`` gives (T, P, K, 2) image pixels of P people, each a
fixed random body (K = 25 points in an 80 x 200 px box) whose centre moves
on a straight line, with small Gaussian jitter; NaN where a person is
absent. ``predictions`` turns them into MMPose's video prediction layout.
"""
import numpy as np

K = 25


def walking_people(num_frames, paths, spans=None, jitter=1.0, seed=0):
    """People walking from ``start`` to ``end``.

    Args:
        num_frames (int): T.
        paths (list): ``((x0, y0), (x1, y1))`` centre at the first and last
            frame, one per person.
        spans (list, optional): ``(first, stop)`` frames each person is in
            the video; default all.
        jitter (float): Noise std, px.
        seed (int): Random seed.

    Returns:
        np.ndarray: (T, P, K, 2) float64, NaN where absent.
    """
    rng = np.random.default_rng(seed)
    out = np.full((num_frames, len(paths), K, 2), np.nan)
    time = np.linspace(0, 1, num_frames)[:, None]
    for person, (start, end) in enumerate(paths):
        body = rng.uniform([-40, -100], [40, 100], (K, 2))
        centre = np.asarray(start) + time * (np.subtract(end, start))
        first, stop = (spans or [(0, num_frames)] * len(paths))[person]
        walk = centre[:, None] + body + rng.normal(0, jitter,
                                                   (num_frames, K, 2))
        out[first:stop, person] = walk[first:stop]
    return out


def predictions(people, track_ids=None, shuffle_seed=None):
    """MMPose's video predictions ``[{frame_id, instances}]`` of present
    people, in a shuffled order per frame when ``shuffle_seed`` is given;
    with ``track_ids`` (one per person) each instance carries its id."""
    rng = None if shuffle_seed is None else np.random.default_rng(
        shuffle_seed)
    frames = []
    for t, frame in enumerate(people):
        order = np.arange(frame.shape[0])
        if rng is not None:
            rng.shuffle(order)
        instances = []
        for person in order:
            if np.isnan(frame[person]).all():
                continue
            instance = dict(keypoints=frame[person].tolist(),
                            keypoint_scores=[0.9] * frame.shape[1])
            if track_ids is not None:
                instance['track_id'] = track_ids[person]
            instances.append(instance)
        frames.append(dict(frame_id=t, instances=instances))
    return frames


def switching_person(num_frames=40, switch=20, gap=1):
    """What a one-person detector gives when it follows person A, loses
    everyone for ``gap`` frames from ``switch`` on, then follows person B
    elsewhere in the picture: (T, K, 2), NaN where missing."""
    people = walking_people(num_frames, [((150, 300), (250, 300)),
                                         ((700, 500), (600, 500))])
    single = people[:, 1].copy()
    single[:switch] = people[:switch, 0]
    single[switch:switch + gap] = np.nan
    return single
