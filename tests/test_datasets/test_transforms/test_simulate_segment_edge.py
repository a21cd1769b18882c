import numpy as np
import pytest

from mmclimb.datasets import SimulateSegmentEdge

T, K = 12, 3


def _results(sample_idx=0):
    inputs = np.arange(T * K * 2, dtype=np.float32).reshape(T, K, 2)
    return dict(input_keypoints=inputs,
                keypoints_visible=np.full((T, K), 0.5, np.float32),
                input_visible=np.ones((T, K), np.float32),
                sample_idx=sample_idx)


def _cut_frames(out):
    """Frames cut at the start and at the end (no target there)."""
    cut = out['keypoints_visible'].max(axis=1) == 0
    kept = np.flatnonzero(~cut)
    return kept[0], T - 1 - kept[-1]


def test_cut_frames_repeat_the_edge_frame_and_lose_their_target():
    original = _results()['input_keypoints']
    seen = set()
    for idx in range(200):
        out = SimulateSegmentEdge(prob=0.5, max_frames=4, seed=1)(
            _results(idx))
        start, end = _cut_frames(out)
        seen.add((start > 0, end > 0))
        assert 0 <= start <= 4 and 0 <= end <= 4
        stop = T - end
        inputs = out['input_keypoints']
        np.testing.assert_array_equal(inputs[start:stop],
                                      original[start:stop])
        np.testing.assert_array_equal(inputs[:start],
                                      np.broadcast_to(original[start],
                                                      (start, K, 2)))
        np.testing.assert_array_equal(inputs[stop:],
                                      np.broadcast_to(original[stop - 1],
                                                      (end, K, 2)))
        np.testing.assert_array_equal(out['input_visible'][:start], 0)
        np.testing.assert_array_equal(out['input_visible'][stop:], 0)
        np.testing.assert_array_equal(
            out['keypoints_visible'][start:stop], 0.5)
    # cuts at neither end, either end and both ends all occur
    assert seen == {(False, False), (True, False), (False, True),
                    (True, True)}


def test_cut_rate_seed_and_kept_frames():
    cuts = [_cut_frames(SimulateSegmentEdge(prob=0.2, max_frames=3,
                                            seed=0)(_results(i)))
            for i in range(2000)]
    assert np.mean([s > 0 for s, _ in cuts]) == pytest.approx(0.2, abs=0.03)
    again = _cut_frames(SimulateSegmentEdge(prob=0.2, max_frames=3,
                                            seed=0)(_results(7)))
    assert again == cuts[7]
    # a window never loses more than T - min_kept frames
    out = SimulateSegmentEdge(prob=1.0, max_frames=20, min_kept=3,
                              seed=0)(_results())
    assert (out['keypoints_visible'].max(axis=1) > 0).sum() == 3
    # prob 0 leaves the window as it was
    out = SimulateSegmentEdge(prob=0.0, max_frames=3)(_results())
    np.testing.assert_array_equal(out['keypoints_visible'], 0.5)


def test_bad_settings():
    with pytest.raises(ValueError, match='prob'):
        SimulateSegmentEdge(prob=1.5, max_frames=3)
    with pytest.raises(ValueError, match='max_frames and min_kept'):
        SimulateSegmentEdge(prob=0.5, max_frames=0)


def test_cut_frames_repeat_the_edge_frames_scores():
    for idx in range(50):
        results = _results(idx)
        results['input_scores'] = np.linspace(0.1, 0.9, T * K).reshape(T, K)
        original = results['input_scores'].copy()
        out = SimulateSegmentEdge(prob=0.5, max_frames=4, seed=1)(results)
        start, end = _cut_frames(out)
        stop = T - end
        scores = out['input_scores']
        np.testing.assert_array_equal(scores[start:stop],
                                      original[start:stop])
        np.testing.assert_array_equal(scores[:start],
                                      np.broadcast_to(original[start],
                                                      (start, K)))
        np.testing.assert_array_equal(scores[stop:],
                                      np.broadcast_to(original[stop - 1],
                                                      (end, K)))
