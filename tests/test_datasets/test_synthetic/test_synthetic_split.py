"""The thesis split written by the synthetic generator."""
import json

import pytest

from mmclimb.datasets.splits import num_windows
from mmclimb.datasets.synthetic import SyntheticClimbGenerator


@pytest.fixture(scope='module')
def written(tmp_path_factory):
    """Six short videos; (split file dict, video lengths)."""
    root = tmp_path_factory.mktemp('split') / 'data'
    generator = SyntheticClimbGenerator(
        seed=5, preset='tiny', num_videos=6, frame_range=(12, 40))
    generator.write(str(root))
    split = json.loads((root / 'splits.json').read_text())
    return split, generator.video_lengths


def window_list(entries, lengths, seq_len, seq_step):
    """Expand split entries into (video, window) pairs in file order."""
    pairs = []
    for entry in entries:
        if isinstance(entry, str):
            start, stop = 0, num_windows(lengths[entry], seq_len, seq_step)
            video = entry
        else:
            video, (start, stop) = entry['video'], entry['windows']
        pairs += [(video, index) for index in range(start, stop)]
    return pairs


def test_geometry_and_split_names(written):
    split, _ = written
    assert split['seq_len'] == 5 and split['seq_step'] == 1
    assert set(split['splits']) == {'train', 'val', 'test', 'test_long'}


def test_longest_video_is_held_out(written):
    split, lengths = written
    longest = max(sorted(lengths), key=lengths.get)
    assert split['splits']['test_long'] == [longest]
    others = [
        pair for name in ('train', 'val', 'test')
        for pair in window_list(split['splits'][name], lengths, 5, 1)
    ]
    assert longest not in {video for video, _ in others}


def test_train_is_first_sixty_percent_then_val_test_alternate(written):
    split, lengths = written
    pairs = {
        name: window_list(split['splits'][name], lengths, 5, 1)
        for name in ('train', 'val', 'test')
    }
    longest = split['splits']['test_long'][0]
    ordered = [(video, index) for video in sorted(lengths) if video != longest
               for index in range(num_windows(lengths[video], 5, 1))]
    num_train = round(0.6 * len(ordered))
    assert pairs['train'] == ordered[:num_train]
    assert pairs['val'] == ordered[num_train::2]
    assert pairs['test'] == ordered[num_train + 1::2]
