import numpy as np
import pytest
from scipy.io import savemat

from mmclimb.datasets import KeypointSequenceFormatError, PennActionDataset


def write_mat(root, name, num_frames=7, train=1, action='situp', seed=0,
              **replace):
    """One Penn Action label file in ``root/labels`` (FACTS 1.3 fields)."""
    rng = np.random.default_rng(seed)
    fields = dict(
        x=rng.uniform(50, 300, (num_frames, 13)),
        y=rng.uniform(40, 200, (num_frames, 13)),
        visibility=np.ones((num_frames, 13), np.uint8),
        train=None if train is None else np.array([[train]]),
        action=action,
        pose='front',
        bbox=np.tile([40., 30., 310., 210.], (num_frames, 1)),
        dimensions=np.array([[240, 320, num_frames]]),
        nframes=np.array([[num_frames]]))
    fields.update(replace)
    fields = {k: v for k, v in fields.items() if v is not None}
    (root / 'labels').mkdir(parents=True, exist_ok=True)
    savemat(str(root / 'labels' / f'{name}.mat'), fields)
    return fields


def test_sequences_are_mapped_split_and_filtered(tmp_path):
    written = write_mat(tmp_path, '0001', num_frames=7)
    write_mat(tmp_path, '0002', num_frames=3, train=-1)
    write_mat(tmp_path, '0003', action='golf_swing')
    train = PennActionDataset(
        str(tmp_path), split='train', actions=['situp'], seq_len=5)
    assert list(train.sequences) == ['0001']
    assert len(train) == 3  # 7 frames, windows of 5 every frame
    info = train[1]
    np.testing.assert_allclose(info['keypoints'][:, 19, 0],
                               written['x'][1:6, 11], rtol=1e-6)  # l_ankle
    np.testing.assert_allclose(info['keypoints'][:, 0, 1],
                               written['y'][1:6, 0], rtol=1e-6)  # head
    assert info['keypoints_visible'].sum(axis=1).tolist() == [13] * 5
    assert (info['keypoints_visible'][:, [1, 2, 9, 21, 24]] == 0).all()

    test = PennActionDataset(str(tmp_path), split='test', seq_len=5)
    assert list(test.sequences) == ['0002'] and len(test) == 1
    assert test[0]['valid'].tolist() == [True] * 3 + [False] * 2
    assert (test[0]['keypoints_visible'][3:] == 0).all()
    assert len(PennActionDataset(str(tmp_path), seq_len=5).sequences) == 3


def test_occluded_joints_count_only_when_asked(tmp_path):
    visibility = np.ones((6, 13), np.uint8)
    visibility[:, 5] = 0  # left wrist occluded
    write_mat(tmp_path, '0001', num_frames=6, visibility=visibility)
    assert (PennActionDataset(str(tmp_path))[0]['keypoints_visible'][:, 7] ==
            0).all()
    loose = PennActionDataset(str(tmp_path), visible_only=False)
    assert (loose[0]['keypoints_visible'][:, 7] == 1).all()


@pytest.mark.parametrize('replace, field, expected', [
    (dict(x=None), 'x', 'missing'),
    (dict(visibility=None), 'visibility', 'missing'),
    (dict(train=None), 'train', 'missing'),
    (dict(y=np.zeros((7, 12))), 'y', 'expected shape (T, S) with S 13'),
    (dict(x=np.zeros((7, 14)), y=np.zeros((7, 14)),
          visibility=np.ones((7, 14))), 'x',
     'expected shape (T, S) with S 13'),
    (dict(visibility=np.ones((6, 13))), 'visibility', 'expected shape'),
    (dict(train=np.array([[0]])), 'train', 'expected 1 (train) or -1'),
    (dict(nframes=np.array([[9]])), 'nframes', 'says 9 frames'),
    (dict(action=None), 'action', 'actions= filters by it'),
])
def test_bad_label_files_name_file_field_and_expectation(
        tmp_path, replace, field, expected):
    write_mat(tmp_path, '0001', **replace)
    with pytest.raises(KeypointSequenceFormatError) as err:
        PennActionDataset(str(tmp_path), actions=['situp'])
    message = str(err.value)
    assert '0001.mat' in message and f'"{field}"' in message
    assert expected in message


def test_nan_at_a_visible_joint_is_reported(tmp_path):
    x = np.full((7, 13), 100.0)
    x[4, 2] = np.nan
    write_mat(tmp_path, '0001', x=x)
    with pytest.raises(KeypointSequenceFormatError,
                       match='NaN or inf at annotated keypoint 2 of frame 4'):
        PennActionDataset(str(tmp_path))


def test_missing_or_empty_folder_and_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match='labels/<sequence>.mat'):
        PennActionDataset(str(tmp_path))
    (tmp_path / 'labels').mkdir()
    with pytest.raises(KeypointSequenceFormatError, match='no <sequence>'):
        PennActionDataset(str(tmp_path))
    write_mat(tmp_path, '0001')
    with pytest.raises(KeypointSequenceFormatError, match='no sequences'):
        PennActionDataset(str(tmp_path), actions=['bowl'])
    with pytest.raises(ValueError, match='split must be one of'):
        PennActionDataset(str(tmp_path), split='val')
    with pytest.raises(ValueError, match='known mappings'):
        PennActionDataset(str(tmp_path), keypoint_mapping='penn15')
    (tmp_path / 'labels' / '0002.mat').write_text('not matlab')
    with pytest.raises(KeypointSequenceFormatError, match='0002.mat: not a'):
        PennActionDataset(str(tmp_path))
