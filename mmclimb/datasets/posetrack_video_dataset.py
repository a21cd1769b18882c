"""COCO-style video annotations (PoseTrack18 layout) as keypoint windows.

Symbols: T frames of a track, S = 17 keypoints (COCO order; PoseTrack18
keeps the order but holds head_bottom and head_top in the eye slots, which
the ClimbAlong mapping does not use).

Layout (``docs/pretraining.md``): one JSON file, or a folder of them (e.g.
PoseTrack18's ``annotations/val/<video>.json``), each with

- ``images``: ``id``, ``vid_id`` (the video) and ``frame_id`` (orders the
  frames);
- ``annotations``: ``image_id``, ``track_id`` (the person) and
  ``keypoints``, 3 * S numbers ``x, y, v`` in image pixels with ``v > 0``
  for labelled points (PoseTrack: 1).

One track of one video is one sequence, named ``<vid_id>/<track_id>``: its
annotated frames in ``frame_id`` order (frames where the person is not
annotated are not filled in). Images without annotations are ignored.
"""
import glob
import json
import os.path as osp
from collections import defaultdict
from typing import Dict, List, Tuple

import numpy as np
from mmpose.registry import DATASETS

from .keypoint_sequence_dataset import (KeypointSequenceDataset,
                                        KeypointSequenceFormatError)

__all__ = ['PoseTrackVideoDataset']


@DATASETS.register_module()
class PoseTrackVideoDataset(KeypointSequenceDataset):
    """PoseTrack-style tracks of COCO-17 keypoints cut into windows.

    Args:
        ann_file (str): A JSON file or a folder of JSON files, relative to
            ``data_root`` unless absolute.
        data_root (str): Defaults to ``''``.
        **kwargs: See :class:`KeypointSequenceDataset` (``seq_len``,
            ``seq_step``, ``keypoint_mapping`` (default ``'coco17'``),
            ``pipeline``, ...).
    """

    DEFAULT_MAPPING = 'coco17'

    def __init__(self, ann_file: str, data_root: str = '', **kwargs):
        super().__init__(data_root=data_root, ann_file=ann_file, **kwargs)

    def _json_files(self) -> List[str]:
        if osp.isdir(self.ann_file):
            paths = sorted(glob.glob(osp.join(self.ann_file, '*.json')))
            if not paths:
                raise KeypointSequenceFormatError(
                    f'{self.ann_file}: no <video>.json files')
            return paths
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(
                f'{self.ann_file} does not exist: ann_file is a COCO-style '
                'video JSON or a folder of them (see docs/pretraining.md)')
        return [self.ann_file]

    def _load_json(self, path: str) -> dict:
        try:
            with open(path) as f:
                document = json.load(f)
        except json.JSONDecodeError as exc:
            raise KeypointSequenceFormatError(
                f'{path}: not valid JSON ({exc})') from exc
        for field in ('images', 'annotations'):
            if not isinstance(document, dict) or field not in document:
                raise self.error(path, field, 'missing (expected a list)')
        return document

    def _frames(self, document: dict, path: str) -> Dict[int, Tuple]:
        """image id -> (vid_id, frame_id)."""
        frames = {}
        for i, image in enumerate(document['images']):
            for field in ('id', 'vid_id', 'frame_id'):
                if field not in image:
                    raise self.error(path, f'images[{i}].{field}', 'missing')
            frames[image['id']] = (str(image['vid_id']), image['frame_id'])
        return frames

    def _keypoints(self, annotation: dict, path: str, i: int):
        """(S, 2) positions and (S,) flags of one annotation."""
        expected = (f'3 * S numbers (x, y, v per keypoint) with S '
                    f'{self.mapping.expected_source} for mapping '
                    f'{self.mapping.name!r}')
        if 'keypoints' not in annotation:
            raise self.error(path, f'annotations[{i}].keypoints',
                             f'missing (expected {expected})')
        values = np.asarray(annotation['keypoints'], dtype=np.float64)
        if values.ndim != 1 or values.size % 3 or \
                not self.mapping.accepts(values.size // 3):
            raise self.error(path, f'annotations[{i}].keypoints',
                             f'expected {expected}, got {values.size}')
        values = values.reshape(-1, 3)
        return values[:, :2], values[:, 2]

    def _tracks(self, document: dict, path: str) -> Dict[Tuple, List]:
        """(vid_id, track_id) -> [(frame_id, keypoints, flags), ...]."""
        frames = self._frames(document, path)
        tracks = defaultdict(list)
        for i, annotation in enumerate(document['annotations']):
            for field in ('image_id', 'track_id'):
                if field not in annotation:
                    raise self.error(path, f'annotations[{i}].{field}',
                                     'missing')
            if annotation['image_id'] not in frames:
                raise self.error(
                    path, f'annotations[{i}].image_id',
                    f'{annotation["image_id"]} is not the id of any image')
            vid_id, frame_id = frames[annotation['image_id']]
            tracks[(vid_id, annotation['track_id'])].append(
                (frame_id, *self._keypoints(annotation, path, i)))
        return tracks

    def _sequence(self, key: Tuple, frames: List, path: str) -> dict:
        frames = sorted(frames, key=lambda frame: frame[0])
        frame_ids = [frame[0] for frame in frames]
        if len(set(frame_ids)) != len(frame_ids):
            raise self.error(
                path, 'annotations',
                f'track {key[1]} of video {key[0]} is annotated twice in '
                'one frame')
        return dict(
            name=f'{key[0]}/{key[1]}',
            keypoints=np.stack([frame[1] for frame in frames]),
            visible=np.stack([frame[2] for frame in frames]),
            path=path)

    def load_sequences(self) -> List[dict]:
        """Every track of every video of every JSON file."""
        sequences = []
        for path in self._json_files():
            tracks = self._tracks(self._load_json(path), path)
            # by the (video, track) key's text, not the whole item's
            sequences += [
                self._sequence(key, tracks[key], path)
                for key in sorted(tracks, key=str)
            ]
        return sequences
