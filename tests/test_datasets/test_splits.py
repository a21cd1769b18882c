import json

import pytest

from mmclimb.datasets import (load_split, num_windows, per_video_split,
                              resolve_split, save_split, thesis_split)


def test_num_windows():
    assert num_windows(10, 5, 1) == 6
    assert num_windows(10, 5, 2) == 3
    assert num_windows(3, 5, 1) == 1  # padded
    assert num_windows(0, 5, 1) == 0


def test_thesis_split_holds_out_longest_and_alternates():
    lengths = dict(a=14, b=9, long=30)  # a: 10 windows, b: 5 windows
    split = thesis_split(lengths)
    assert split['seq_len'] == 5 and split['seq_step'] == 1
    assert split['splits']['test_long'] == ['long']
    train = resolve_split(split, 'train', lengths)
    val = resolve_split(split, 'val', lengths)
    test = resolve_split(split, 'test', lengths)
    assert train == [('a', i) for i in range(9)]  # 60% of 15 windows
    assert val == [('a', 9), ('b', 1), ('b', 3)]
    assert test == [('b', 0), ('b', 2), ('b', 4)]


def test_per_video_split_gives_whole_videos():
    lengths = dict(a=10, b=10, c=10, d=10, e=10)
    split = per_video_split(lengths, dict(train=0.6, val=0.2, test=0.2))
    assert split['splits'] == dict(train=['a', 'b', 'c'], val=['d'],
                                   test=['e'])


def test_save_and_load_round_trip(tmp_path):
    split = thesis_split(dict(a=8, b=12))
    save_split(split, tmp_path / 'split.json')
    assert load_split(str(tmp_path / 'split.json')) == split
    assert not list(tmp_path.glob('*.tmp'))


@pytest.mark.parametrize('content, message', [
    ('{not json', 'not valid JSON'),
    (json.dumps(dict(seq_len=5, splits={})), 'field "seq_step"'),
])
def test_load_rejects_bad_files(tmp_path, content, message):
    path = tmp_path / 'split.json'
    path.write_text(content)
    with pytest.raises(ValueError, match=message) as err:
        load_split(str(path))
    assert str(path) in str(err.value)


def test_resolve_names_missing_video_and_bad_ranges():
    split = dict(seq_len=5, seq_step=1,
                 splits=dict(train=['ghost'],
                             val=[dict(video='a', windows=[0, 9])]))
    with pytest.raises(ValueError, match="'ghost', which is not in"):
        resolve_split(split, 'train', dict(a=10), 'f.json')
    with pytest.raises(ValueError, match=r'windows \[0, 9\).*6 windows'):
        resolve_split(split, 'val', dict(a=10), 'f.json')
    with pytest.raises(KeyError, match='no split "test"'):
        resolve_split(split, 'test', dict(a=10), 'f.json')
