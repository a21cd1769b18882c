import numpy as np
import pytest
from mmengine.registry import DefaultScope

from conftest import write_video
from mmclimb.datasets import (ClimbAlongDataset, FramePipeline, save_split,
                              thesis_split)

PER_FRAME = [
    dict(type='NormalizeHeatmaps', mode='sum'),
    dict(type='DecodeHeatmaps', out_key='input_keypoints'),
]
WINDOW = [
    dict(type='ProjectKeypointsToBox'),
    dict(type='PackWindowInputs', input_key='input_keypoints_norm'),
]


@pytest.fixture
def root(tmp_path):
    write_video(tmp_path, 'a', 12, seed=1)
    write_video(tmp_path, 'b', 3, seed=2)  # shorter than a window: padded
    write_video(tmp_path, 'c', 9, seed=3)
    return tmp_path


def build(root, **kwargs):
    with DefaultScope.overwrite_default_scope('mmpose'):
        return ClimbAlongDataset(str(root), **kwargs)


def test_windows_equal_the_per_window_pipeline(root):
    per_window = build(root, pipeline=PER_FRAME + WINDOW)
    per_frame = build(root, frame_pipeline=PER_FRAME, pipeline=WINDOW)
    assert len(per_frame) == len(per_window) == 8 + 1 + 5
    for i in range(len(per_window)):
        expected, got = per_window[i], per_frame[i]
        np.testing.assert_array_equal(got['inputs'], expected['inputs'])
        for field in ('keypoints', 'keypoints_visible', 'keypoint_weights'):
            np.testing.assert_array_equal(
                got['data_samples'].gt_instances.get(field),
                expected['data_samples'].gt_instances.get(field))
        assert got['data_samples'].video == expected['data_samples'].video


def test_windows_carry_the_frame_outputs_not_the_heatmaps(root):
    info = build(root, frame_pipeline=PER_FRAME).get_data_info(3)
    assert 'heatmaps' not in info
    assert info['input_keypoints'].shape == (5, 25, 2)
    assert info['input_keypoints_scores'].shape == (5, 25)
    assert info['input_keypoints_norm'].max() <= 1


def test_only_the_split_videos_are_run(root):
    save_split(thesis_split(dict(a=12, b=3, c=9)), root / 'splits.json')
    dataset = build(root, frame_pipeline=PER_FRAME,
                    split_file='splits.json', split='train')
    used = {dataset.get_data_info(i)['video'] for i in range(len(dataset))}
    assert set(dataset.frame_outputs) == used


@pytest.mark.parametrize('chunk_frames', [1, 4, 5])
def test_chunks_do_not_change_the_outputs(root, chunk_frames):
    video = build(root).videos['a']
    with DefaultScope.overwrite_default_scope('mmpose'):
        whole = FramePipeline(PER_FRAME)(video)
        chunked = FramePipeline(PER_FRAME, chunk_frames=chunk_frames)(video)
    assert set(whole) == {'input_keypoints', 'input_keypoints_scores',
                          'input_keypoints_norm'}
    assert whole['input_keypoints'].shape == (12, 25, 2)
    for key in whole:
        np.testing.assert_array_equal(chunked[key], whole[key])


def test_pipelines_without_per_frame_outputs_are_refused(root):
    video = build(root).videos['a']
    with DefaultScope.overwrite_default_scope('mmpose'):
        normalise_only = FramePipeline([dict(type='NormalizeHeatmaps')])
        with pytest.raises(ValueError, match='adds no per-frame key'):
            normalise_only(video)
        dropping = FramePipeline([lambda results: None])
        with pytest.raises(ValueError, match='must not filter'):
            dropping(video)
    with pytest.raises(ValueError, match='chunk_frames'):
        FramePipeline(PER_FRAME, chunk_frames=0)
