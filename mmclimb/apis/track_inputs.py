"""Reading every person of a prediction ``.json`` into PersonTracks.

Symbols: T frames, P tracks, K keypoints; positions in image pixels.

Contract of :func:`load_tracks` (the file layouts are those of
:func:`~mmclimb.apis.read_predictions`: the inferencer's ``predictions``,
MMPose's saved video predictions, ``tools/refine.py``'s output):

- every instance of the file becomes one frame of one track; its
  implausible positions (:func:`~mmclimb.structures.implausible_keypoints`:
  (0, 0) placeholders, points far from the rest of the person) are treated
  as missing, as the single-person input contract does (one warning with
  the counts); an instance without any finite keypoint left is dropped
  (one warning with the count);
- when every instance has a ``track_id``, those ids are the tracks (two
  instances of one frame with the same id are an error naming the
  frames); when none has one, :class:`~mmclimb.structures.PoseTracker`
  assigns them (box IoU plus keypoint distance, at most ``max_gap``
  unseen frames, ``max_cost``); a file where some instances have a
  ``track_id`` and others do not cannot be tracked either way and is an
  error naming the frames without ids;
- tracks are the columns of :class:`PersonTracks` in order of first
  appearance; a frame without a person is absent from their track.

Every problem raises :class:`SequenceInputError` naming the file and field.
"""
import warnings
from typing import Dict, List, Optional

import numpy as np

from mmclimb.structures import PoseTracker, implausible_keypoints
from .person_tracks import PersonTracks
from .sequence_inputs import (REJECTED_NAMES, PredictedInstance,
                              SequenceInputError, check_num_keypoints,
                              frames_text, read_predictions, rejected_kinds)

__all__ = ['given_track_ids', 'load_tracks', 'tracks_from_instances']


def _plausible(source: str, instances: Dict[int, List[PredictedInstance]]
               ) -> Dict[int, List[PredictedInstance]]:
    """The instances with their implausible positions set to NaN (score 0),
    one warning with the counts."""
    counts = dict.fromkeys(REJECTED_NAMES, 0)
    out = {}
    for frame, found in instances.items():
        out[frame] = []
        for instance in found:
            rejected = implausible_keypoints(instance.keypoints[None])
            dropped = np.logical_or.reduce(list(rejected.values()))[0]
            for name, mask in rejected.items():
                counts[name] += int(mask.sum())
            out[frame].append(
                instance._replace(
                    keypoints=np.where(dropped[:, None], np.nan,
                                       instance.keypoints),
                    scores=np.where(dropped, 0.0, instance.scores)))
    if any(counts.values()):
        kinds = ', '.join(rejected_kinds(counts))
        warnings.warn(f'{source}: {sum(counts.values())} implausible '
                      f'keypoint positions treated as missing ({kinds})')
    return out


def _placed(source: str, instances: Dict[int, List[PredictedInstance]]
            ) -> Dict[int, List[PredictedInstance]]:
    """The instances with at least one finite keypoint."""
    kept = {
        t: [i for i in found if np.isfinite(i.keypoints).any()]
        for t, found in instances.items()
    }
    dropped = sum(len(instances[t]) - len(kept[t]) for t in instances)
    if dropped:
        warnings.warn(f'{source}: {dropped} instances have no finite '
                      'keypoint and are left out')
    return {t: found for t, found in kept.items() if found}


def given_track_ids(source: str,
                    instances: Dict[int, List[PredictedInstance]]
                    ) -> Optional[Dict[int, list]]:
    """The instances' own track ids per frame, or None when none has one.

    Raises:
        SequenceInputError: Some instances have an id and others do not,
            or one frame has an id twice (naming those frames).
    """
    with_id = {t for t, found in instances.items()
               if any(i.track_id is not None for i in found)}
    if not with_id:
        return None
    without = sorted(t for t, found in instances.items()
                     if any(i.track_id is None for i in found))
    if without:
        raise SequenceInputError(
            f'{source}: field "track_id": some instances have one and the '
            f'instances of {frames_text(without)} do not; give '
            'every instance a track_id, or none (then mmclimb tracks them)')
    ids = {t: [i.track_id for i in found] for t, found in instances.items()}
    repeated = sorted(t for t, found in ids.items()
                      if len(set(found)) < len(found))
    if repeated:
        raise SequenceInputError(
            f'{source}: field "track_id": {frames_text(repeated)} '
            'have two instances with the same track_id; one person per '
            'track and frame is expected')
    return ids


def _tracked_ids(instances: Dict[int, List[PredictedInstance]],
                 num_frames: int, tracker: PoseTracker) -> Dict[int, list]:
    """Track ids from the tracker, frame by frame."""
    ids = {}
    shape = (0, *next(iter(instances.values()))[0].keypoints.shape)
    for frame in range(num_frames):
        found = instances.get(frame, [])
        keypoints = np.stack([i.keypoints for i in found]) if found \
            else np.zeros(shape)
        frame_ids = tracker.update(keypoints)
        if found:
            ids[frame] = [int(i) for i in frame_ids]
    return ids


def tracks_from_instances(instances: Dict[int, List[PredictedInstance]],
                          num_frames: int,
                          source: str = '<instances>',
                          num_keypoints: Optional[int] = None,
                          max_gap: int = 10,
                          max_cost: float = 1.0) -> PersonTracks:
    """Arrange per-frame instances into tracks.

    Args:
        instances (dict[int, list[PredictedInstance]]): Per frame index.
        num_frames (int): T.
        source (str): Name for messages (the file).
        num_keypoints (int, optional): Expected K.
        max_gap (int): The tracker's largest gap, frames. Defaults to 10.
        max_cost (float): The tracker's largest matching cost.
            Defaults to 1.0.

    Returns:
        PersonTracks: See the module docstring.
    """
    instances = _placed(source, _plausible(source, instances))
    if not instances:
        raise SequenceInputError(
            f'{source}: field "keypoints": no instance has a finite keypoint')
    num_kpts = len(next(iter(instances.values()))[0].keypoints)
    check_num_keypoints(source, 'keypoints', num_kpts, num_keypoints)
    ids = given_track_ids(source, instances)
    if ids is None:
        ids = _tracked_ids(instances, num_frames,
                           PoseTracker(max_gap=max_gap, max_cost=max_cost))
    columns = {}
    for frame in sorted(ids):
        for track_id in ids[frame]:
            columns.setdefault(track_id, len(columns))
    keypoints = np.full((num_frames, len(columns), num_kpts, 2), np.nan,
                        np.float32)
    scores = np.zeros((num_frames, len(columns), num_kpts), np.float32)
    present = np.zeros((num_frames, len(columns)), bool)
    for frame, found in instances.items():
        for track_id, instance in zip(ids[frame], found):
            column = columns[track_id]
            keypoints[frame, column] = instance.keypoints
            scores[frame, column] = np.where(
                np.isfinite(instance.scores), instance.scores, 0)
            present[frame, column] = True
    return PersonTracks(keypoints, scores, present, list(columns),
                        source=source)


def load_tracks(path: str,
                num_keypoints: Optional[int] = None,
                max_gap: int = 10,
                max_cost: float = 1.0) -> PersonTracks:
    """Read every person of an MMPose-style prediction ``.json``.

    Args:
        path (str): The file.
        num_keypoints (int, optional): Expected K (the refiner's).
        max_gap (int): Frames a person may be unseen and keep their track
            (tracking without ``track_id``). Defaults to 10.
        max_cost (float): The tracker's largest matching cost.
            Defaults to 1.0.

    Returns:
        PersonTracks: See the module docstring.

    Raises:
        SequenceInputError: Bad content, or ids that cannot be tracked.
    """
    num_frames, instances = read_predictions(str(path))
    return tracks_from_instances(instances, num_frames, str(path),
                                 num_keypoints, max_gap, max_cost)
