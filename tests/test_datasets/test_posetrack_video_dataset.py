import copy
import json
from pathlib import Path

import numpy as np
import pytest

from mmclimb.datasets import (KeypointSequenceFormatError,
                              PoseTrackVideoDataset)

EXPECTED_KEYPOINTS = 'expected 3 * S numbers (x, y, v per keypoint) with S 17'
SAMPLE = Path('/work/shared/data/mmpose_testdata/posetrack18/annotations')


def video_document(vid_id='000001', tracks=(0, 1), num_frames=6, seed=0):
    """A PoseTrack18-layout document: frames listed out of order."""
    rng = np.random.default_rng(seed)
    images, annotations = [], []
    for f in reversed(range(num_frames)):
        image_id = int(f'1{vid_id}{f:04d}')
        images.append(dict(id=image_id, vid_id=vid_id, frame_id=image_id,
                           file_name=f'images/{vid_id}/{f:06d}.jpg'))
        for track in tracks:
            xy = rng.uniform(100, 500, (17, 2))
            flags = np.ones((17, 1))
            flags[3:5] = 0  # PoseTrack never labels the ears
            annotations.append(dict(
                id=len(annotations), image_id=image_id, track_id=track,
                keypoints=np.concatenate([xy, flags], 1).ravel().tolist()))
    return dict(images=images, annotations=annotations,
                categories=[dict(id=1, name='person')])


def write_json(path, document):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


def test_real_posetrack18_sample_single_file_and_folder():
    single = PoseTrackVideoDataset(str(SAMPLE / 'test_posetrack18_val.json'))
    folder = PoseTrackVideoDataset(str(SAMPLE / 'val'))
    assert len(single.sequences) == len(folder.sequences) == 14
    assert sorted(single.sequences) == sorted(folder.sequences)
    info = single[0]
    assert info['video'] == '003418/0'
    assert info['valid'].tolist() == [True] + [False] * 4
    raw = json.loads((SAMPLE / 'test_posetrack18_val.json').read_text())
    first = next(a for a in raw['annotations']
                 if a['image_id'] == 10034180000 and a['track_id'] == 0)
    coco = np.asarray(first['keypoints']).reshape(17, 3)
    np.testing.assert_allclose(info['keypoints'][0, 3], coco[5, :2])
    assert info['keypoints_visible'][0, 3] == float(coco[5, 2] > 0)
    assert (info['keypoints_visible'][0, 1:3] == 0).all()  # ears: never


def test_tracks_become_sequences_in_frame_order(tmp_path):
    document = video_document(num_frames=6)
    path = write_json(tmp_path / 'v.json', document)
    dataset = PoseTrackVideoDataset(str(path), seq_len=5)
    assert list(dataset.sequences) == ['000001/0', '000001/1']
    assert len(dataset) == 4
    by_frame = {(a['image_id'], a['track_id']): a
                for a in document['annotations']}
    keypoints = dataset.sequences['000001/1'][0]
    for f in range(6):
        coco = np.asarray(by_frame[(int(f'1000001{f:04d}'), 1)]
                          ['keypoints']).reshape(17, 3)
        np.testing.assert_allclose(keypoints[f, 15], coco[11, :2], rtol=1e-6)


def test_data_root_joins_a_relative_ann_file(tmp_path):
    write_json(tmp_path / 'annotations' / 'val' / 'a.json', video_document())
    dataset = PoseTrackVideoDataset('annotations/val', data_root=str(tmp_path))
    assert len(dataset.sequences) == 2


def broken(edit):
    document = video_document()
    edit(document)
    return document


@pytest.mark.parametrize('edit, field, expected', [
    (lambda d: d.pop('annotations'), 'annotations', 'missing'),
    (lambda d: d.pop('images'), 'images', 'missing'),
    (lambda d: d['images'][2].pop('vid_id'), 'images[2].vid_id', 'missing'),
    (lambda d: d['images'][0].pop('frame_id'), 'images[0].frame_id',
     'missing'),
    (lambda d: d['annotations'][1].pop('track_id'),
     'annotations[1].track_id', 'missing'),
    (lambda d: d['annotations'][3].pop('keypoints'),
     'annotations[3].keypoints', EXPECTED_KEYPOINTS),
    (lambda d: d['annotations'][0].update(keypoints=[0] * 39),
     'annotations[0].keypoints', EXPECTED_KEYPOINTS),
    (lambda d: d['annotations'][0].update(image_id=7),
     'annotations[0].image_id', 'not the id of any image'),
    (lambda d: d['annotations'].append(copy.deepcopy(d['annotations'][0])),
     'annotations', 'annotated twice in one frame'),
])
def test_bad_json_names_file_field_and_expectation(tmp_path, edit, field,
                                                   expected):
    path = write_json(tmp_path / 'bad.json', broken(edit))
    with pytest.raises(KeypointSequenceFormatError) as err:
        PoseTrackVideoDataset(str(path))
    message = str(err.value)
    assert 'bad.json' in message and f'"{field}"' in message
    assert expected in message


def test_missing_empty_and_unreadable_sources(tmp_path):
    with pytest.raises(FileNotFoundError, match='COCO-style video JSON'):
        PoseTrackVideoDataset(str(tmp_path / 'absent.json'))
    (tmp_path / 'empty').mkdir()
    with pytest.raises(KeypointSequenceFormatError, match='no <video>.json'):
        PoseTrackVideoDataset(str(tmp_path / 'empty'))
    (tmp_path / 'x.json').write_text('{"images": [')
    with pytest.raises(KeypointSequenceFormatError, match='not valid JSON'):
        PoseTrackVideoDataset(str(tmp_path / 'x.json'))
    path = write_json(tmp_path / 'none.json', dict(images=[], annotations=[]))
    with pytest.raises(KeypointSequenceFormatError, match='no sequences'):
        PoseTrackVideoDataset(str(path))
    with pytest.raises(ValueError, match='known mappings'):
        PoseTrackVideoDataset(str(path), keypoint_mapping='posetrack')
