"""Warnings about data are said once, with a count."""
import warnings

from mmengine.registry import DefaultScope

from mmclimb.datasets import (ClimbAlongDataset, DataWarning,
                              summarise_data_warnings, warn_data)


def test_the_same_kind_is_shown_once_whatever_the_video():
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter('default')  # Python's: once per text
        for video in ('a', 'b', 'c'):
            warn_data('something odd', video)
    assert len(records) == 1
    assert isinstance(records[0].message, DataWarning)
    assert records[0].message.video == 'a'


def test_summary_counts_videos_per_kind_and_passes_others_through():
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter('always')
        with summarise_data_warnings('root (train)', total=5, shown=2):
            for video in ('a', 'b', 'c', 'a'):
                warn_data('empty channels', video)
            warn_data('flat channels', 'b')
            warnings.warn('not about data')
    texts = sorted(str(r.message) for r in records)
    assert texts == [
        'not about data',
        'root (train): empty channels: 3 of 5 videos (a, b, ...)',
        'root (train): flat channels: 1 of 5 videos (b)',
    ]


def test_dataset_build_says_each_kind_once(tiny_climb_root):
    pipeline = [
        dict(type='NormalizeHeatmaps', mode='sum'),
        dict(type='DecodeHeatmaps', out_key='input_keypoints')
    ]
    with warnings.catch_warnings(record=True) as records, \
            DefaultScope.overwrite_default_scope('mmpose'):
        warnings.simplefilter('always')
        ClimbAlongDataset(
            str(tiny_climb_root), split_file='splits.json', split='train',
            frame_pipeline=pipeline)
    data = [str(r.message) for r in records
            if 'heatmap channels' in str(r.message)]
    # the tiny videos have missed detections: each kind once, counted
    assert data
    assert len(data) == len({text.split(': ')[1] for text in data})
    assert all(' of ' in text and 'videos (' in text for text in data)
    assert not [r for r in records if isinstance(r.message, DataWarning)]
