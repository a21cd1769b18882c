import json
import warnings

import numpy as np
import pytest

from conftest import write_video
from mmclimb.apis import (KeypointSequence, SequenceInputError, load_sequence,
                          sequence_from_keypoints)
from mmclimb.structures import heatmap_to_image

K = 25


def _keypoints(frames=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(100, 500, (frames, K, 2)).astype(np.float32)


def _quiet_load(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return load_sequence(path, **kwargs)


def test_npz_keypoints_with_scores_and_fps(tmp_path):
    kpts, scores = _keypoints(), np.full((6, K), 0.7, np.float32)
    np.savez(tmp_path / 'a.npz', keypoints=kpts, keypoint_scores=scores,
             fps=np.float64(25))
    seq = load_sequence(tmp_path / 'a.npz', num_keypoints=K)
    assert isinstance(seq, KeypointSequence)
    np.testing.assert_array_equal(seq.keypoints, kpts)
    np.testing.assert_allclose(seq.scores, 0.7)
    assert seq.fps == 25 and seq.bboxes is None and not seq.missing.any()


def test_npz_det25_with_visibility_channel_and_named_key(tmp_path):
    det = np.concatenate([_keypoints(), np.full((6, K, 1), 0.9)], axis=-1)
    np.savez(tmp_path / 'd.npz', det25=det, det33=np.zeros((6, 33, 3)))
    for key in (None, 'det25'):  # det25 is found without --key too
        seq = load_sequence(tmp_path / 'd.npz', key=key)
        np.testing.assert_allclose(seq.scores, 0.9)
        np.testing.assert_allclose(seq.keypoints, det[..., :2])


def test_npy_one_person_target_layout(tmp_path):
    kpts = _keypoints()[:, None]  # (T, 1, K, 2)
    np.save(tmp_path / 'k.npy', kpts)
    seq = load_sequence(tmp_path / 'k.npy')
    assert seq.keypoints.shape == (6, K, 2)
    np.testing.assert_allclose(seq.scores, 1.0)


def test_climbalong_input_npz(tmp_path):
    heatmaps = np.random.default_rng(0).normal(0, 1, (7, K, 56, 56))
    heatmaps[2, 4] = -1  # no positive value: a missing keypoint
    arrays = write_video(tmp_path, 'v', 7, heatmaps=heatmaps.astype(
        np.float16))
    available = np.ones(K, np.uint8)
    available[3] = 0
    np.savez(tmp_path / 'with_flags.npz', bboxes=arrays['bboxes'],
             heatmaps=arrays['heatmaps'], keypoints_available=available)
    with pytest.warns(UserWarning, match='no positive value'):
        seq = load_sequence(tmp_path / 'input' / 'v.npz')
    heatmaps = arrays['heatmaps'].astype(np.float32)
    flat = heatmaps.reshape(7, K, -1)
    index = flat.argmax(-1)
    uv = np.stack([index % 56, index // 56], axis=-1).astype(np.float32)
    decoded = heatmap_to_image(uv, arrays['bboxes'], (56, 56))
    present = np.ones((7, K), bool)
    present[2, 4] = False
    np.testing.assert_allclose(seq.keypoints[present], decoded[present],
                               rtol=1e-6)
    np.testing.assert_allclose(seq.keypoints[2, 4],
                               (decoded[1, 4] + decoded[3, 4]) / 2, rtol=1e-5)
    np.testing.assert_allclose(seq.scores[present], flat.max(-1)[present])
    assert seq.scores[2, 4] == 0 and (seq.missing == ~present).all()
    assert seq.heatmaps.shape == (7, K, 56, 56)
    flagged = _quiet_load(tmp_path / 'with_flags.npz')
    assert flagged.missing[:, 3].all() and flagged.missing.sum() == 8
    assert (flagged.scores[:, 3] == 0).all()


def _predictions(kpts, scores):
    return [[dict(keypoints=k.tolist(), keypoint_scores=s.tolist())]
            for k, s in zip(kpts, scores)]


@pytest.mark.parametrize('layout', ['inferencer', 'video', 'demo'])
def test_mmpose_prediction_json(tmp_path, layout):
    kpts = _keypoints(4)
    scores = np.random.default_rng(1).uniform(0.2, 1, (4, K))
    frames = _predictions(kpts, scores)
    frames[2] = []  # nobody
    if layout == 'inferencer':
        document = frames
    elif layout == 'video':
        document = [dict(frame_id=i, instances=f)
                    for i, f in enumerate(frames)]
    else:
        document = dict(meta_info={}, instance_info=[
            dict(frame_id=i, instances=f) for i, f in enumerate(frames)])
    (tmp_path / 'p.json').write_text(json.dumps(document))
    with pytest.warns(UserWarning, match='25 missing keypoint positions'):
        seq = load_sequence(tmp_path / 'p.json', num_keypoints=K)
    np.testing.assert_allclose(seq.keypoints[[0, 1, 3]], kpts[[0, 1, 3]])
    np.testing.assert_allclose(seq.keypoints[2],
                               (kpts[1] + kpts[3]) / 2, rtol=1e-5)
    np.testing.assert_allclose(seq.scores[1], scores[1], rtol=1e-6)
    assert (seq.scores[2] == 0).all() and seq.missing[2].all()


def test_several_instances_are_an_error_naming_the_frames(tmp_path):
    """One person is read: two people are never merged (reliability
    class 5); the error names the frames and the multi-person reader."""
    kpts = _keypoints(14)
    frames = _predictions(kpts, np.ones((14, K)))
    for t in (1, *range(2, 13)):
        frames[t].append(dict(keypoints=(kpts[t] + 300).tolist()))
    (tmp_path / 'p.json').write_text(json.dumps(frames))
    with pytest.raises(SequenceInputError,
                       match=r'p\.json: field "instances": frames \[1, 2, '
                       r'3, 4, 5, 6, 7, 8, 9, 10, \.\.\.\] \(12 frames\) '
                       r'have more than one instance.*load_tracks'):
        load_sequence(tmp_path / 'p.json')


def test_nan_frames_are_filled_with_a_warning_and_score_zero(tmp_path):
    det = np.concatenate([_keypoints(8), np.ones((8, K, 1))], axis=-1)
    det[[0, 4]] = np.nan
    det[6, 5] = np.nan
    np.savez(tmp_path / 'n.npz', det25=det)
    with pytest.warns(UserWarning, match=r'51 missing .*\(2 whole frames\)'):
        seq = load_sequence(tmp_path / 'n.npz')
    assert np.isfinite(seq.keypoints).all()
    np.testing.assert_allclose(seq.keypoints[0], det[1, :, :2])  # held
    np.testing.assert_allclose(seq.keypoints[4],
                               (det[3, :, :2] + det[5, :, :2]) / 2, rtol=1e-6)
    assert seq.scores[[0, 4]].sum() == 0 and seq.scores[6, 5] == 0
    assert np.isnan(seq.raw_keypoints[[0, 4]]).all()
    assert np.isfinite(seq.raw_keypoints[1]).all()


def _write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, np.ndarray):
        np.save(path, content)
    elif isinstance(content, dict):
        np.savez(path, **content)
    else:
        path.write_text(content)
    return path


BAD_INPUTS = [
    ('x.csv', '1,2', None, r'unknown input extension "\.csv"'),
    ('k.npy', np.zeros((5, K)), None,
     r'"array": expected shape \(T, K, 2\) or \(T, K, 3\)'),
    ('k.npy', np.zeros((0, K, 2)), None, r'"array": has no frames'),
    ('k.npy', np.zeros((5, 17, 2)), None,
     r'"array": expected 25 keypoints per frame .* got 17'),
    ('k.npz', dict(points=np.zeros((5, K, 2))), None,
     r'field "keypoints": missing.* the file has \[\'points\'\]'),
    ('k.npz', dict(points=np.zeros((5, K, 2))), 'pts',
     r'field "pts": missing'),
    ('k.npz', dict(keypoints=np.zeros((5, K, 2)), scores=np.ones((4, K))),
     None, r'field "scores": expected shape \(5, 25\)'),
    ('k.npz', dict(keypoints=np.full((3, K, 2), np.nan)), None,
     r'"keypoints": no keypoint is present'),
    ('c.npz', dict(heatmaps=np.zeros((4, K, 8)), bboxes=np.ones((4, 4))),
     None, r'field "heatmaps": expected shape \(T, K, H, W\)'),
    ('c.npz', dict(heatmaps=np.zeros((4, K, 8, 8)), bboxes=np.ones((3, 4))),
     None, r'field "bboxes": expected shape \(4, 4\)'),
    ('c.npz', dict(heatmaps=np.zeros((2, K, 8, 8)),
                   bboxes=np.array([[0, 0, 5, 5], [3, 0, 3, 5]])),
     None, r'field "bboxes": box .* at frame 1'),
    ('c.npz', dict(heatmaps=np.full((2, K, 8, 8), np.nan),
                   bboxes=np.array([[0, 0, 5, 5]] * 2)),
     None, r'field "heatmaps": NaN or inf values \(first at frame 0\)'),
    ('p.json', '{"x": 1}', None, r'field "instance_info": expected a list'),
    ('p.json', '[]', None, r'field "<root>": has no frames'),
    ('p.json', '[[], []]', None, r'field "instances": no frame has'),
    ('p.json', '[[{"bbox": [1, 2, 3, 4]}]]', None,
     r'field "\[0\]\.instances\[0\]\.keypoints": missing'),
    ('p.json', '[3]', None, r'field "\[0\]": expected a list of instances'),
    ('p.json', '{not json', None, 'not a readable JSON file'),
    ('b.npz', 'not a zip', None, 'not a readable .npz file'),
]


@pytest.mark.parametrize('name,content,key,match', BAD_INPUTS)
def test_bad_input_names_file_and_field(tmp_path, name, content, key, match):
    path = _write(tmp_path, name, content)
    with pytest.raises(SequenceInputError, match=match) as info:
        load_sequence(path, key=key, num_keypoints=K)
    assert str(path) in str(info.value)


def test_missing_file():
    with pytest.raises(FileNotFoundError, match='does not exist'):
        load_sequence('no/such/file.npz')


def test_sequence_from_keypoints_array_names_its_source():
    with pytest.raises(SequenceInputError, match='<array>: field "keypoints"'):
        sequence_from_keypoints(np.zeros((4, 3)))
