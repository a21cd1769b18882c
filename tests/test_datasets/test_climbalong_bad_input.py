"""The ClimbAlong reader's bad-input table, beyond test_climbalong_dataset.

Every case raises one error naming the file (or the config source), the
field and what was expected; none surfaces as a bare numpy/zipfile/assert
error. The cases already covered in test_climbalong_dataset.py (wrong K or
frame count, NaN keypoints, inf heatmaps, zero-width box, missing target,
truncated input npz, missing field, empty folder, too few frames, missing
input folder) are not repeated here.
"""
import os.path as osp

import mmpose
import numpy as np
import pytest

from conftest import write_video
from mmclimb.datasets import (ClimbAlongDataset, ClimbAlongFormatError,
                              save_split, thesis_split)
from mmclimb.fileio import NpzFormatError

COCO_METAINFO = osp.join(
    osp.dirname(mmpose.__file__), '.mim', 'configs', '_base_', 'datasets',
    'coco.py')
BOX = np.float32([100, 200, 300, 600])


def boxes(num_frames=8):
    return np.tile(BOX, (num_frames, 1))


def bad_bboxes(frame, value):
    out = boxes()
    out[frame] = value
    return out


# (arrays written for video "bad", file, error type, message pattern)
ARRAY_CASES = {
    'NaN box': (dict(bboxes=bad_bboxes(3, [100, np.nan, 300, 600])),
                'input', ClimbAlongFormatError,
                r'field "bboxes": NaN or inf .*frame 3'),
    'negative-size box': (dict(bboxes=bad_bboxes(2, [300, 200, 100, 600])),
                          'input', ClimbAlongFormatError,
                          r'"bboxes": degenerate box .* at frame 2 '
                          r'\(expected x2 > x1 and y2 > y1\)'),
    'zero-height box': (dict(bboxes=bad_bboxes(0, [100, 200, 300, 200])),
                        'input', ClimbAlongFormatError,
                        r'"bboxes": degenerate box .* at frame 0'),
    'boxes of 5 values': (dict(bboxes=np.zeros((8, 5), np.float32)), 'input',
                          ClimbAlongFormatError,
                          r'"bboxes": expected shape \(8, 4\)'),
    'heatmaps 64x64': (dict(heatmaps=np.zeros((8, 25, 64, 64), np.float16)),
                       'input', ClimbAlongFormatError,
                       r'"heatmaps": expected shape \(T, 25, 56, 56\), got '
                       r'\(8, 25, 64, 64\)'),
    'heatmaps without a frame axis': (
        dict(heatmaps=np.zeros((25, 56, 56), np.float16)), 'input',
        ClimbAlongFormatError,
        r'"heatmaps": expected shape \(T, 25, 56, 56\)'),
    'integer heatmaps': (dict(heatmaps=np.zeros((8, 25, 56, 56), np.int8)),
                         'input', ClimbAlongFormatError,
                         r'"heatmaps": expected floats, got int8'),
    'video with no frames': (
        dict(heatmaps=np.zeros((0, 25, 56, 56), np.float16),
             bboxes=np.zeros((0, 4), np.float32),
             keypoints=np.zeros((0, 1, 25, 3), np.float32)), 'input',
        ClimbAlongFormatError, r'"heatmaps": has no frames'),
    'inf keypoint': (dict(keypoints=np.full((8, 1, 25, 3), np.inf,
                                            np.float32)), 'target',
                     ClimbAlongFormatError, r'"keypoints": NaN or inf'),
    'keypoints without flags': (dict(
        keypoints=np.zeros((8, 1, 25, 2), np.float32)), 'target',
                                ClimbAlongFormatError,
                                r'"keypoints": expected shape '
                                r'\(8, 1, 25, 3\)'),
}


@pytest.mark.parametrize('case', sorted(ARRAY_CASES))
def test_bad_arrays(tmp_path, case):
    arrays, folder, error, pattern = ARRAY_CASES[case]
    write_video(tmp_path, 'ok', 8, seed=5)
    write_video(tmp_path, 'bad', 8, seed=6, **arrays)
    with pytest.raises(error, match=pattern) as err:
        ClimbAlongDataset(str(tmp_path))
    assert f'{folder}/bad.npz' in str(err.value)


@pytest.mark.parametrize('folder', ['input', 'target'])
@pytest.mark.parametrize('damage', ['garbage', 'truncated', 'empty'])
def test_corrupt_npz_names_the_file(tmp_path, folder, damage):
    write_video(tmp_path, 'ok', 8, seed=5)
    write_video(tmp_path, 'bad', 8, seed=6)
    path = tmp_path / folder / 'bad.npz'
    data = path.read_bytes()
    path.write_bytes({
        'garbage': b'not a zip file at all' * 10,
        'truncated': data[:len(data) // 2],
        'empty': b''
    }[damage])
    with pytest.raises(NpzFormatError,
                       match=f'{folder}/bad.npz: not a readable .npz'):
        ClimbAlongDataset(str(tmp_path))


def test_object_array_npz_is_refused(tmp_path):
    write_video(tmp_path, 'bad', 8)
    np.savez(tmp_path / 'target' / 'bad.npz',
             keypoints=np.array([None, 1], dtype=object))
    with pytest.raises(NpzFormatError, match='bad.npz.*object arrays'):
        ClimbAlongDataset(str(tmp_path))


def test_missing_input_for_a_split_video(tmp_path):
    write_video(tmp_path, 'a', 12, seed=1)
    write_video(tmp_path, 'b', 12, seed=2)
    save_split(thesis_split(dict(a=12, b=12, c=20)), tmp_path / 'splits.json')
    # c's pair of files is gone: the split names a missing video
    with pytest.raises(ValueError,
                       match=r'splits.json: split "test_long" names video '
                       r"'c', which is not in the dataset"):
        ClimbAlongDataset(
            str(tmp_path), split_file='splits.json', split='test_long')


def test_missing_split_file_and_unknown_split(tmp_path):
    write_video(tmp_path, 'a', 12, seed=1)
    with pytest.raises(FileNotFoundError, match='split file .*nope.json'):
        ClimbAlongDataset(str(tmp_path), split_file='nope.json', split='x')
    write_video(tmp_path, 'b', 12, seed=2)
    save_split(thesis_split(dict(a=12, b=12)), tmp_path / 'splits.json')
    with pytest.raises(KeyError, match='no split "tarin"'):
        ClimbAlongDataset(str(tmp_path), split_file='splits.json',
                          split='tarin')


def test_short_video_is_padded_not_an_error(tmp_path):
    write_video(tmp_path, 'short', 2, seed=1)
    write_video(tmp_path, 'long', 8, seed=2)
    dataset = ClimbAlongDataset(str(tmp_path), seq_len=5)
    short = [dataset.get_data_info(i) for i in range(len(dataset))
             if dataset.get_data_info(i)['video'] == 'short']
    assert len(short) == 1 and short[0]['valid'].sum() == 2


# --- config-level errors: the metainfo (keypoint set) of the dataset -------
def test_metainfo_file_that_does_not_exist(tmp_path):
    write_video(tmp_path, 'a', 8)
    with pytest.raises(FileNotFoundError,
                       match=r'metainfo file .*nope.py does not exist; '
                       r'expected an MMPose dataset_info file'):
        ClimbAlongDataset(
            str(tmp_path), metainfo=dict(from_file='configs/nope.py'))


def test_metainfo_without_keypoints(tmp_path):
    write_video(tmp_path, 'a', 8)
    with pytest.raises(ValueError, match=r'has no "keypoint_info"'):
        ClimbAlongDataset(str(tmp_path), metainfo=dict(dataset_name='x'))
    with pytest.raises(ValueError, match='not valid MMPose dataset_info'):
        ClimbAlongDataset(
            str(tmp_path),
            metainfo=dict(dataset_name='x', keypoint_info={}))


def test_metainfo_of_another_keypoint_set(tmp_path):
    write_video(tmp_path, 'a', 8)
    with pytest.raises(ClimbAlongFormatError,
                       match=r'input/a.npz: field "heatmaps" has 25 keypoints,'
                       r' but the dataset\'s metainfo \("coco"\) has 17: the '
                       'config names the wrong keypoint set') as err:
        ClimbAlongDataset(str(tmp_path),
                          metainfo=dict(from_file=COCO_METAINFO))
    assert 'climbalong.py' in str(err.value)
