"""MultiPersonStream with a fake person stream (any push/flush object)."""
import numpy as np
import pytest

from mmclimb.apis import MultiPersonStream
from walking_people import predictions, walking_people

LAG = 2


class DelayStream:
    """A person stream that returns each frame LAG pushes later, moved by
    +1 px (NaN frames held at the last seen position, as a refiner fills
    them); it records what it was given."""

    made = []

    def __init__(self):
        self.pushed, self.flushed = [], False
        self._last = None
        DelayStream.made.append(self)

    def _out(self, index):
        keypoints, scores = self.pushed[index]
        if np.isnan(keypoints).all():
            keypoints = self._last
        self._last = keypoints
        return index, keypoints + 1, scores

    def push(self, keypoints, scores=None):
        assert not self.flushed
        self.pushed.append((np.asarray(keypoints), np.asarray(scores)))
        index = len(self.pushed) - 1 - LAG
        return [self._out(index)] if index >= 0 else []

    def flush(self):
        self.flushed = True
        start = max(len(self.pushed) - LAG, 0)
        return [self._out(i) for i in range(start, len(self.pushed))]


@pytest.fixture(autouse=True)
def _fresh():
    DelayStream.made = []


def _run(frames, **kwargs):
    """Push every frame; outputs by (frame, id) and the push that gave
    them (len(frames) for the flush)."""
    stream = MultiPersonStream(DelayStream, **kwargs)
    outputs = {}
    for t, frame in enumerate(frames):
        for out in stream.push(frame['instances']):
            assert (out[0], out[1]) not in outputs  # never returned twice
            outputs[out[0], out[1]] = (t, out[2])
    for out in stream.flush():
        outputs[out[0], out[1]] = (len(frames), out[2])
    return outputs


def test_each_track_gets_its_own_stream_and_only_its_present_frames():
    # A all along but unseen in frames 10-11; B enters at 3, leaves at 8
    people = walking_people(16, [((100, 300), (300, 300)),
                                 ((500, 320), (400, 320))],
                            spans=[(0, 16), (3, 8)])
    people[10:12, 0] = np.nan
    frames = predictions(people, track_ids=['A', 'B'])
    outputs = _run(frames, max_gap=4)
    present = {(t, tid) for t in range(16) for p, tid in enumerate('AB')
               if not np.isnan(people[t, p]).all()}
    assert set(outputs) == present  # absent frames get no output
    for (t, tid), (pushed_at, keypoints) in outputs.items():
        np.testing.assert_allclose(keypoints,
                                   people[t, 'AB'.index(tid)] + 1,
                                   rtol=1e-6)
    # unseen frames keep each stream's lag: frame t is final at the push
    # of frame t + LAG, also for B's last frames after B left
    assert all(pushed_at == min(t + LAG, 16)
               for (t, _), (pushed_at, _) in outputs.items())
    a_stream, b_stream = DelayStream.made
    # B ended when unseen for more than max_gap (frames 8-11 pushed as
    # unseen, flushed at frame 12), not at the end of the video
    assert len(b_stream.pushed) == 9 and b_stream.flushed
    assert len(a_stream.pushed) == 16
    assert np.isnan(a_stream.pushed[10][0]).all()  # the unseen frames
    assert (a_stream.pushed[10][1] == 0).all()


def test_a_person_back_after_a_long_absence_gets_a_new_stream():
    people = walking_people(20, [((100, 300), (140, 300))])
    people[5:15] = np.nan
    outputs = _run(predictions(people, track_ids=[7]), max_gap=3)
    assert len(DelayStream.made) == 2
    assert {t for t, _ in outputs} == {*range(5), *range(15, 20)}


def test_untracked_crossing_people_are_tracked_apart():
    people = walking_people(40, [((100, 300), (500, 300)),
                                 ((500, 340), (100, 340))])
    outputs = _run(predictions(people, shuffle_seed=4))
    assert {tid for _, tid in outputs} == {0, 1}
    first = {tid: np.argmin([np.abs(keypoints - 1 - people[0, p]).mean()
                             for p in range(2)])
             for (t, tid), (_, keypoints) in outputs.items() if t == 0}
    for (t, tid), (_, keypoints) in outputs.items():
        np.testing.assert_allclose(keypoints, people[t, first[tid]] + 1,
                                   rtol=1e-6)


def test_track_ids_all_or_none():
    people = walking_people(3, [((100, 300), (140, 300)),
                                ((400, 300), (440, 300))])
    frames = predictions(people, track_ids=[1, 2])
    del frames[1]['instances'][0]['track_id']
    stream = MultiPersonStream(DelayStream)
    stream.push(frames[0]['instances'])
    with pytest.raises(ValueError, match='some instances.*frames \\[1\\]'):
        stream.push(frames[1]['instances'])
    untracked = MultiPersonStream(DelayStream)
    untracked.push(predictions(people)[0]['instances'])
    with pytest.raises(ValueError, match='frame 1: the instances have '
                       'track_id'):
        untracked.push(predictions(people, track_ids=[1, 2])[1]['instances'])


def test_placeholders_and_stray_points_are_missing_before_tracking():
    people = walking_people(12, [((100, 300), (300, 300)),
                                 ((500, 320), (400, 320))])
    frames = predictions(people, track_ids=['A', 'B'])
    frames[4]['instances'][0]['keypoints'][2] = [0.0, 0.0]
    frames[6]['instances'][1]['keypoints'][5] = [20000.0, 20000.0]
    stream = MultiPersonStream(DelayStream)
    with pytest.warns(UserWarning, match=r'2 keypoint positions treated as '
                      r'missing \(1 \(0, 0\) placeholders, 1 far'):
        for frame in frames:
            stream.push(frame['instances'])
        stream.flush()
    assert stream.rejected == dict(placeholder=1, sentinel=0, far=1)
    a_stream, b_stream = DelayStream.made
    assert np.isnan(a_stream.pushed[4][0][2]).all()
    assert a_stream.pushed[4][1][2] == 0
    assert np.isnan(b_stream.pushed[6][0][5]).all()
    assert np.isfinite(a_stream.pushed[4][0][3]).all()
