"""Where a one-person keypoint sequence changes person.

Symbols: T frames, K keypoints, (x, y) image pixels.

A single-person detector (MediaPipe Pose, a top-down model fed the
highest-scoring box) follows whichever person it finds: when it loses one
person it may pick up another, often after a frame or two without a
detection. The keypoints then jump from one body to another. That jump is
not motion; a temporal refiner that smooths across it blends two people
and moves the frames before and after the switch toward each other.

:func:`person_segments` runs the sequence, one instance per frame, through
the online :class:`~mmclimb.structures.PoseTracker` (box IoU plus keypoint
distance; see its module) and cuts it wherever the tracker starts a new
track: a detection it cannot match to the last one, or a person unseen
for more than ``max_gap`` frames. The frames without any keypoint between
two tracks stay with the earlier segment. One person moving, even fast
(a jump, a fall), keeps matching: at 30 fps a body moves by a small part
of its size per frame, which costs far less than ``max_cost``.

Data contract: ``keypoints`` (T, K, 2) and ``present`` (T, K) bool (True
where the input had a position); returns the segment lengths, positive
ints summing to T, in order.
"""
from typing import List

import numpy as np

from .pose_tracker import PoseTracker

__all__ = ['person_segments']


def person_segments(keypoints: np.ndarray,
                    present: np.ndarray,
                    max_gap: int = 10,
                    max_cost: float = 1.0) -> List[int]:
    """Lengths of the runs of frames that show one person.

    Args:
        keypoints (np.ndarray): (T, K, 2) image pixels.
        present (np.ndarray): (T, K) bool, where the input had a position.
        max_gap (int): Frames without a detection after which the next
            detection starts a new segment. Defaults to 10.
        max_cost (float): The tracker's largest matching cost. Defaults
            to 1.0.

    Returns:
        list[int]: Segment lengths in frames, summing to T (``[T]`` when
        the sequence shows one person throughout).
    """
    keypoints = np.asarray(keypoints, dtype=np.float64)
    present = np.asarray(present, dtype=bool)
    if keypoints.shape[:2] != present.shape:
        raise ValueError(f'keypoints {keypoints.shape} and present '
                         f'{present.shape} disagree on (T, K)')
    tracker = PoseTracker(max_gap=max_gap, max_cost=max_cost)
    starts, current = [0], None
    for t in range(len(keypoints)):
        instance = np.where(present[t, :, None], keypoints[t], np.nan)
        track = int(tracker.update(instance[None])[0])
        if track < 0:
            continue
        if current is not None and track != current:
            starts.append(t)
        current = track
    return np.diff(starts + [len(keypoints)]).tolist()
