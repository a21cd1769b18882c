import numpy as np
import pytest
from mmengine.registry import DefaultScope

from conftest import write_video
from mmclimb.datasets import (ClimbAlongDataset, ClimbAlongFormatError,
                              save_split, thesis_split)
from mmclimb.fileio import NpzFormatError


@pytest.fixture
def root(tmp_path):
    write_video(tmp_path, 'a', 12, seed=1)
    write_video(tmp_path, 'b', 3, seed=2)
    write_video(tmp_path, 'c', 20, seed=3)
    return tmp_path


def test_windows_cover_every_video_with_stride(root):
    dataset = ClimbAlongDataset(str(root), seq_len=5, seq_step=2)
    # a: 4 windows, b: 1 padded window, c: 8 windows
    assert len(dataset) == 13
    info = dataset.get_data_info(1)
    assert info['video'] == 'a' and info['window'] == 1
    assert info['frame_ids'].tolist() == [2, 3, 4, 5, 6]


def test_window_arrays_match_the_files(root):
    arrays = write_video(root, 'a', 12, seed=1)
    info = ClimbAlongDataset(str(root)).get_data_info(3)
    frames = slice(3, 8)
    assert info['heatmaps'].dtype == np.float32
    assert info['heatmaps'].shape == (5, 25, 56, 56)
    np.testing.assert_array_equal(info['heatmaps'],
                                  arrays['heatmaps'][frames].astype(
                                      np.float32))
    np.testing.assert_array_equal(info['bboxes'], arrays['bboxes'][frames])
    np.testing.assert_allclose(info['keypoints'],
                               arrays['keypoints'][frames, 0, :, :2])
    assert info['keypoints_visible'].shape == (5, 25)
    assert info['flip_indices'][1] == 2 and info['heatmap_size'] == (56, 56)


def test_short_video_is_padded_and_masked_not_dropped(root):
    dataset = ClimbAlongDataset(str(root))
    infos = [dataset.get_data_info(i) for i in range(len(dataset))]
    short = [info for info in infos if info['video'] == 'b']
    assert len(short) == 1
    assert short[0]['valid'].tolist() == [True, True, True, False, False]
    assert short[0]['frame_ids'].tolist() == [0, 1, 2, 2, 2]
    assert short[0]['keypoints_visible'][3:].sum() == 0
    assert short[0]['keypoints_visible'][:3].all()


def test_split_file_selects_windows(root):
    save_split(thesis_split(dict(a=12, b=3, c=20)), root / 'splits.json')
    train = ClimbAlongDataset(
        str(root), split_file='splits.json', split='train')
    test_long = ClimbAlongDataset(
        str(root), split_file='splits.json', split='test_long')
    assert {train.get_data_info(i)['video'] for i in range(len(train))} \
        == {'a'}
    assert len(test_long) == 16  # all windows of c


def test_split_for_other_window_geometry_is_rejected(root):
    save_split(thesis_split(dict(a=12, b=3, c=20), seq_len=3),
               root / 'splits.json')
    with pytest.raises(ValueError, match='seq_len=3'):
        ClimbAlongDataset(str(root), split_file='splits.json', split='train')


def test_heatmaps_are_memory_mapped(root):
    dataset = ClimbAlongDataset(str(root))
    dataset.get_data_info(0)
    assert isinstance(dataset.videos['a']._heatmaps, np.memmap)


def test_pipeline_output_through_getitem(root):
    with DefaultScope.overwrite_default_scope('mmpose'):
        dataset = ClimbAlongDataset(
            str(root),
            pipeline=[
                dict(type='NormalizeHeatmaps'),
                dict(type='ProjectKeypointsToBox'),
                dict(type='RenderGaussianHeatmaps'),
                dict(type='PackWindowInputs'),
            ])
    packed = dataset[0]
    assert packed['inputs'].shape == (5, 25, 56, 56)
    sample = packed['data_samples']
    assert sample.gt_instances.heatmaps.shape == (5, 25, 56, 56)
    assert sample.video == 'a' and sample.valid.all()


# --- bad input: one clear error naming the file and the field -------------
def _write_bad(root, **arrays):
    write_video(root, 'ok', 8, seed=5)
    return write_video(root, 'bad', 8, seed=6, **arrays)


@pytest.mark.parametrize('arrays, field, expected', [
    (dict(heatmaps=np.zeros((8, 17, 56, 56), np.float32)), 'heatmaps',
     r'expected shape \(T, 25, 56, 56\)'),
    (dict(bboxes=np.zeros((7, 4), np.float32)), 'bboxes',
     r'expected shape \(8, 4\)'),
    (dict(keypoints=np.zeros((8, 1, 17, 3), np.float32)), 'keypoints',
     r'expected shape \(8, 1, 25, 3\)'),
    (dict(keypoints=np.full((8, 1, 25, 3), np.nan, np.float32)),
     'keypoints', 'NaN or inf'),
])
def test_bad_arrays_name_file_and_field(tmp_path, arrays, field, expected):
    _write_bad(tmp_path, **arrays)
    with pytest.raises(ClimbAlongFormatError, match=expected) as err:
        ClimbAlongDataset(str(tmp_path))
    assert 'bad.npz' in str(err.value) and f'"{field}"' in str(err.value)


def test_nan_heatmaps_are_caught_when_read(tmp_path):
    heatmaps = np.zeros((8, 25, 56, 56), np.float16)
    heatmaps[6, 3, 10, 10] = np.inf
    _write_bad(tmp_path, heatmaps=heatmaps)
    dataset = ClimbAlongDataset(str(tmp_path))
    with pytest.raises(ClimbAlongFormatError,
                       match=r'bad.npz: field "heatmaps": NaN or inf .*6'):
        for i in range(len(dataset)):
            dataset.get_data_info(i)


def test_degenerate_box_errors_or_truncates(tmp_path):
    bboxes = np.tile(np.float32([100, 200, 300, 600]), (8, 1))
    bboxes[6] = [100, 200, 100, 600]
    _write_bad(tmp_path, bboxes=bboxes)
    with pytest.raises(ClimbAlongFormatError,
                       match=r'"bboxes": degenerate box .* at frame 6'):
        ClimbAlongDataset(str(tmp_path))
    dataset = ClimbAlongDataset(str(tmp_path), degenerate_boxes='truncate')
    assert dataset.videos['bad'].num_frames == 6


def test_missing_target_file_is_named(tmp_path):
    _write_bad(tmp_path)
    (tmp_path / 'target' / 'bad.npz').unlink()
    with pytest.raises(FileNotFoundError, match=r'target/bad.npz'):
        ClimbAlongDataset(str(tmp_path))


def test_truncated_npz_is_named(tmp_path):
    _write_bad(tmp_path)
    path = tmp_path / 'input' / 'bad.npz'
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(NpzFormatError, match='bad.npz'):
        ClimbAlongDataset(str(tmp_path))


def test_missing_field_is_named(tmp_path):
    _write_bad(tmp_path)
    np.savez(tmp_path / 'target' / 'bad.npz', kpts=np.zeros(3))
    with pytest.raises(ClimbAlongFormatError,
                       match=r'bad.npz: field "keypoints": missing'):
        ClimbAlongDataset(str(tmp_path))


def test_empty_folder_and_too_few_frames(tmp_path):
    (tmp_path / 'input').mkdir()
    with pytest.raises(ClimbAlongFormatError, match='no <video>.npz'):
        ClimbAlongDataset(str(tmp_path))
    write_video(tmp_path, 'tiny', 3)
    with pytest.raises(ClimbAlongFormatError, match='3 frames in all'):
        ClimbAlongDataset(str(tmp_path))
    with pytest.raises(FileNotFoundError, match='input does not exist'):
        ClimbAlongDataset(str(tmp_path / 'nowhere'))
