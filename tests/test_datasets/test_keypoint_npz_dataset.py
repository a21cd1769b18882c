import numpy as np
import pytest

from mmclimb.datasets import KeypointNpzDataset, KeypointSequenceFormatError


def sequences(seed=0):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(100, 400, (8, 17, 2))
    with_flags = np.concatenate(
        [rng.uniform(100, 400, (6, 17, 2)), np.ones((6, 17, 1))], axis=-1)
    with_flags[2, 9, 2] = 0  # left wrist not annotated in frame 2
    return dict(run=xy, jump=with_flags)


def test_xy_and_xyflag_arrays_with_mapping_from_config(tmp_path):
    arrays = sequences()
    np.savez(tmp_path / 'train.npz', **arrays)
    dataset = KeypointNpzDataset(
        'train.npz', data_root=str(tmp_path), keypoint_mapping='coco17')
    assert sorted(dataset.sequences) == ['jump', 'run']
    assert len(dataset) == 2 + 4  # windows of 5 every frame
    keypoints, visible = dataset.sequences['jump']
    annotated = [0, 1, 3, 4, 5]
    np.testing.assert_allclose(keypoints[annotated, 7],
                               arrays['jump'][annotated, 9, :2], rtol=1e-6)
    assert (keypoints[2, 7] == 0).all()  # unannotated points are (0, 0)
    assert visible[2, 7] == 0 and visible[:, 7].sum() == 5
    assert visible.sum(axis=1)[0] == 15  # the 15 COCO points
    # a custom mapping by ClimbAlong names
    custom = KeypointNpzDataset(
        str(tmp_path / 'train.npz'),
        keypoint_mapping={'left_hip': 11, 'right_hip': 12},
        sequences=['run'])
    _, visible = custom.sequences['run']
    assert list(custom.sequences) == ['run']
    assert np.flatnonzero(visible[0]).tolist() == [15, 16]


def test_nan_marks_missing_points_in_xy_arrays(tmp_path):
    xy = sequences()['run']
    xy[3, 0] = np.nan
    np.savez(tmp_path / 'a.npz', run=xy)
    dataset = KeypointNpzDataset(
        str(tmp_path / 'a.npz'), keypoint_mapping='coco17')
    keypoints, visible = dataset.sequences['run']
    assert visible[3, 0] == 0 and (keypoints[3, 0] == 0).all()
    assert visible[:, 0].sum() == 7


@pytest.mark.parametrize('arrays, field, expected', [
    (dict(run=np.zeros((5, 17))), 'run', 'expected shape (T, S, 2) or'),
    (dict(run=np.zeros((5, 17, 4))), 'run', 'expected shape (T, S, 2) or'),
    (dict(run=np.zeros((5, 13, 2))), 'keypoints',
     "expected shape (T, S, 2) with S 17 for keypoint mapping 'coco17'"),
    (dict(run=np.zeros((0, 17, 2))), 'keypoints', 'has no frames'),
    (dict(run=np.concatenate([np.full((5, 17, 2), np.inf),
                              np.ones((5, 17, 1))], -1)), 'keypoints',
     'NaN or inf at annotated keypoint 0 of frame 0'),
    (dict(run=np.array([[['a', 'b']]])), 'run', 'expected numbers'),
])
def test_bad_arrays_name_file_field_and_expectation(tmp_path, arrays, field,
                                                    expected):
    np.savez(tmp_path / 'bad.npz', **arrays)
    with pytest.raises(KeypointSequenceFormatError) as err:
        KeypointNpzDataset(str(tmp_path / 'bad.npz'),
                           keypoint_mapping='coco17')
    message = str(err.value)
    assert 'bad.npz' in message and f'"{field}"' in message
    assert expected in message


def test_missing_file_mapping_and_sequence(tmp_path):
    with pytest.raises(FileNotFoundError, match='a .npz of'):
        KeypointNpzDataset(str(tmp_path / 'x.npz'), keypoint_mapping='coco17')
    np.savez(tmp_path / 'a.npz', **sequences())
    with pytest.raises(ValueError, match='needs keypoint_mapping='):
        KeypointNpzDataset(str(tmp_path / 'a.npz'))
    with pytest.raises(ValueError,
                       match=r"known mappings are \['climbalong25"):
        KeypointNpzDataset(str(tmp_path / 'a.npz'), keypoint_mapping='coco')
    with pytest.raises(KeypointSequenceFormatError,
                       match=r'"walk": sequence missing; the file has'):
        KeypointNpzDataset(str(tmp_path / 'a.npz'), keypoint_mapping='coco17',
                           sequences=['walk'])
    np.savez(tmp_path / 'empty.npz')
    with pytest.raises(KeypointSequenceFormatError, match='no sequences'):
        KeypointNpzDataset(str(tmp_path / 'empty.npz'),
                           keypoint_mapping='coco17')
