"""SyntheticClimbGenerator: the written layout, contents and determinism."""
import json
import zipfile

import numpy as np
import pytest

from mmclimb.datasets.synthetic import (PRESETS, SizePreset,
                                        SyntheticClimbGenerator)
from mmclimb.fileio import open_npz

K, S = 25, 56


@pytest.fixture(scope='module')
def tiny(tmp_path_factory):
    """The tiny preset with seed 0, written once; (root, summary)."""
    root = tmp_path_factory.mktemp('synthetic') / 'tiny'
    summary = SyntheticClimbGenerator(seed=0, preset='tiny').write(str(root))
    return root, summary


def load_video(root, name):
    inputs = np.load(root / 'input' / f'{name}.npz')
    target = np.load(root / 'target' / f'{name}.npz')
    return inputs['bboxes'], inputs['heatmaps'], target['keypoints']


def test_layout_shapes_and_dtypes(tiny):
    root, summary = tiny
    names = sorted(p.stem for p in (root / 'input').glob('*.npz'))
    assert names == sorted(p.stem for p in (root / 'target').glob('*.npz'))
    assert names == [f'climb_{i:03d}' for i in range(4)]
    assert (root / 'splits.json').is_file() and (root / 'meta.json').is_file()
    assert not list(root.rglob('*.tmp'))
    total = 0
    for name in names:
        with np.load(root / 'input' / f'{name}.npz') as inputs:
            assert sorted(inputs.files) == ['bboxes', 'heatmaps']
            bboxes, heatmaps = inputs['bboxes'], inputs['heatmaps']
        with np.load(root / 'target' / f'{name}.npz') as target:
            assert target.files == ['keypoints']
            keypoints = target['keypoints']
        num = len(bboxes)
        assert 12 <= num <= 40
        assert bboxes.shape == (num, 4) and bboxes.dtype == np.float32
        assert heatmaps.shape == (num, K, S, S)
        assert heatmaps.dtype == np.float16
        assert keypoints.shape == (num, 1, K, 3)
        assert keypoints.dtype == np.float32
        assert np.all(np.isfinite(heatmaps))
        total += num
    assert summary['total_frames'] == total
    assert summary['num_videos'] == 4
    assert summary['bytes'] > total * K * S * S * 2


def test_npz_is_uncompressed_and_memory_mappable(tiny):
    root, _ = tiny
    path = root / 'input' / 'climb_000.npz'
    with zipfile.ZipFile(path) as archive:
        assert all(info.compress_type == zipfile.ZIP_STORED
                   for info in archive.infolist())
    mapped = open_npz(str(path))
    assert isinstance(mapped['heatmaps'], np.memmap)
    with np.load(path) as inputs:
        assert np.array_equal(mapped['heatmaps'], inputs['heatmaps'])


def test_meta_records_seed_preset_and_parameters(tiny):
    root, summary = tiny
    meta = json.loads((root / 'meta.json').read_text())
    assert meta['seed'] == 0
    assert meta['preset'] == dict(
        name='tiny', num_videos=4, frame_range=[12, 40])
    assert meta['total_frames'] == summary['total_frames']
    assert set(meta['videos']) == set(summary['videos'])
    assert meta['detector']['renderer']['heatmap_size'] == S
    assert len(meta['detector']['errors']['jitter']) == 5


def test_annotated_points_inside_frame_and_unannotated_zero(tiny):
    root, summary = tiny
    for name in summary['videos']:
        _, _, keypoints = load_video(root, name)
        xy, flag = keypoints[:, 0, :, :2], keypoints[:, 0, :, 2]
        assert set(np.unique(flag)) <= {0.0, 1.0}
        shown = flag == 1
        assert np.all((xy[shown] >= 0) & (xy[shown] < [1080, 1920]))
        assert np.all(xy[~shown] == 0)
        assert shown.mean() > 0.9
        # never all four torso points missing in a frame
        assert np.all(shown[:, [3, 4, 15, 16]].any(axis=1))


def test_boxes_contain_annotated_points_with_margin(tiny):
    root, summary = tiny
    inside, count = 0, 0
    for name in summary['videos']:
        bboxes, _, keypoints = load_video(root, name)
        xy, shown = keypoints[:, 0, :, :2], keypoints[:, 0, :, 2] == 1
        x1, y1, x2, y2 = (bboxes[:, None, i] for i in range(4))
        assert np.all(x2 > x1) and np.all(y2 > y1)
        assert np.all(bboxes[:, :2] >= 0)
        assert np.all(bboxes[:, 2:] <= [1080, 1920])
        inside += np.sum(shown & (xy[..., 0] >= x1) & (xy[..., 0] <= x2)
                         & (xy[..., 1] >= y1) & (xy[..., 1] <= y2))
        count += shown.sum()
    assert inside / count > 0.97


def test_boxes_are_not_square(tiny):
    root, summary = tiny
    bboxes = np.concatenate(
        [load_video(root, name)[0] for name in summary['videos']])
    aspect = (bboxes[:, 3] - bboxes[:, 1]) / (bboxes[:, 2] - bboxes[:, 0])
    assert np.median(aspect) > 1.3


def test_heatmaps_have_negative_background_and_positive_peaks(tiny):
    root, summary = tiny
    _, heatmaps, _ = load_video(root, 'climb_000')
    heatmaps = heatmaps.astype(np.float32)
    background = np.median(heatmaps.reshape(*heatmaps.shape[:2], -1), -1)
    assert np.all(background < -1.0) and np.all(background > -6.0)
    assert np.median(heatmaps.max(axis=(2, 3))) > 1.0


def test_same_seed_gives_identical_arrays(tmp_path, tiny):
    root, summary = tiny
    again = tmp_path / 'again'
    SyntheticClimbGenerator(seed=0, preset='tiny').write(str(again))
    for name in summary['videos']:
        for first, second in zip(
                load_video(root, name), load_video(again, name)):
            assert first.tobytes() == second.tobytes()
    assert ((root / 'splits.json').read_text() == (again /
                                                   'splits.json').read_text())


def test_different_seeds_differ():
    first = SyntheticClimbGenerator(seed=0, preset='tiny')
    second = SyntheticClimbGenerator(seed=1, preset='tiny')
    a, b = first.generate_video(0), second.generate_video(0)
    assert first.video_lengths != second.video_lengths or not np.array_equal(
        a['keypoints'], b['keypoints'])
    size = min(len(a['bboxes']), len(b['bboxes']))
    assert not np.allclose(a['bboxes'][:size], b['bboxes'][:size])


def test_generate_video_is_repeatable():
    generator = SyntheticClimbGenerator(seed=3, preset='tiny')
    first, second = generator.generate_video(1), generator.generate_video(1)
    assert first['heatmaps'].tobytes() == second['heatmaps'].tobytes()


def test_refuses_non_empty_folder_unless_overwrite(tmp_path):
    out = tmp_path / 'out'
    out.mkdir()
    (out / 'stale.txt').write_text('x')
    generator = SyntheticClimbGenerator(seed=0, preset='tiny', num_videos=2)
    with pytest.raises(FileExistsError, match='not empty'):
        generator.write(str(out))
    generator.write(str(out), overwrite=True)
    assert (out / 'stale.txt').exists()  # only dataset files are replaced


def test_overwrite_removes_stale_videos(tmp_path):
    out = tmp_path / 'out'
    SyntheticClimbGenerator(seed=0, preset='tiny').write(str(out))
    SyntheticClimbGenerator(
        seed=0, preset='tiny', num_videos=2).write(
            str(out), overwrite=True)
    assert sorted(p.stem for p in (out / 'input').glob('*.npz')) == [
        'climb_000', 'climb_001'
    ]
    assert len(list((out / 'target').glob('*.npz'))) == 2


def test_overwrite_removes_only_what_the_generator_wrote(tmp_path):
    out = tmp_path / 'out'
    SyntheticClimbGenerator(seed=0, preset='tiny').write(str(out))
    # a user's own files beside the generated ones, some named like them
    own = [out / 'input' / 'mine.npz', out / 'target' / 'mine.npz',
           out / 'input' / 'climb_007.npz', out / 'notes.npz']
    for path in own:
        np.savez(path, x=np.zeros(1))
    SyntheticClimbGenerator(
        seed=0, preset='tiny', num_videos=2).write(
            str(out), overwrite=True)
    assert all(path.is_file() for path in own)
    assert sorted(p.stem for p in (out / 'input').glob('climb_*.npz')) == [
        'climb_000', 'climb_001', 'climb_007'
    ]


def test_overwrite_without_a_manifest_removes_nothing(tmp_path):
    out = tmp_path / 'out'
    (out / 'input').mkdir(parents=True)
    stray = out / 'input' / 'climb_003.npz'
    np.savez(stray, x=np.zeros(1))
    (out / 'meta.json').write_text('{"videos": {"climb_003": {}}}')
    SyntheticClimbGenerator(
        seed=0, preset='tiny', num_videos=2).write(
            str(out), overwrite=True)
    assert stray.is_file()  # that meta.json is not the generator's


def test_presets_and_overrides():
    assert PRESETS['tiny'].num_videos == 4
    demo = SyntheticClimbGenerator(seed=0, preset='demo')
    total = sum(demo.video_lengths.values())
    assert 3600 <= total <= 5400
    assert 12 <= len(demo.video_lengths) <= 16
    custom = SyntheticClimbGenerator(
        seed=0, preset='tiny', num_videos=6, frame_range=(7, 9))
    assert len(custom.video_lengths) == 6
    assert all(7 <= n <= 9 for n in custom.video_lengths.values())
    with pytest.raises(ValueError, match='unknown preset'):
        SyntheticClimbGenerator(preset='huge')
    with pytest.raises(ValueError, match='at least 2 videos'):
        SizePreset('one', 1, (10, 20))
