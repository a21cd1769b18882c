import numpy as np
import pytest
import torch

from mmclimb.apis import (FrameAverager, pad_index, segment_windows,
                          window_index, window_starts, window_weights)

LENGTHS = [1, 2, 4, 5, 6, 13, 17, 1000]  # T-1, T, T+1 for T=5, and more


@pytest.mark.parametrize('num_frames', LENGTHS)
@pytest.mark.parametrize('stride', [1, 3, 4, 5])
def test_windows_cover_every_frame_tail_included(num_frames, stride):
    seq_len = 5
    frame_of = pad_index(num_frames, seq_len)
    assert len(frame_of) == max(num_frames, seq_len)
    assert frame_of.max() == num_frames - 1
    starts = window_starts(len(frame_of), seq_len, stride)
    index = window_index(starts, seq_len)
    assert index.shape == (len(starts), seq_len)
    # every padded frame is in a window, and no window leaves the sequence
    assert index.min() == 0 and index.max() == len(frame_of) - 1
    assert set(index.flatten().tolist()) == set(range(len(frame_of)))
    # the regular starts, then (only if needed) one aligned to the end
    regular = list(range(0, len(frame_of) - seq_len + 1, stride))
    assert starts.tolist()[:len(regular)] == regular
    assert starts[-1] == len(frame_of) - seq_len
    assert len(starts) - len(regular) in (0, 1)
    # every frame of the real sequence is covered
    covered = np.bincount(frame_of[index].flatten(), minlength=num_frames)
    assert (covered > 0).all()


def test_counts_per_frame_with_stride_one():
    index = window_index(window_starts(8, 5), 5)
    counts = np.bincount(index.flatten())
    np.testing.assert_array_equal(counts, [1, 2, 3, 4, 4, 3, 2, 1])


def test_bad_window_arguments():
    for stride in (0, 6):
        with pytest.raises(ValueError, match=r'stride must be in 1\.\.5'):
            window_starts(10, 5, stride)
    with pytest.raises(ValueError, match='fewer than one window'):
        window_starts(3, 5)


def test_frame_averager_means_overlapping_windows():
    averager = FrameAverager(4, (2, ))
    index = torch.tensor([[0, 1, 2], [1, 2, 3]])
    values = torch.tensor([[[1., 10.], [2., 20.], [3., 30.]],
                           [[5., 50.], [6., 60.], [7., 70.]]])
    averager.add(index[:1], values[:1])
    averager.add(index[1:], values[1:])  # batches accumulate
    np.testing.assert_allclose(
        averager.mean(),
        [[1, 10], [3.5, 35], [4.5, 45], [7, 70]])


def test_frame_averager_handles_repeated_indices_and_refuses_gaps():
    averager = FrameAverager(3, ())
    averager.add(np.array([[0, 0, 1]]), np.array([[1., 3., 5.]]))
    with pytest.raises(RuntimeError, match=r'frames \[2\]'):
        averager.mean()
    averager.add(np.array([[2]]), np.array([[4.]]))
    np.testing.assert_allclose(averager.mean(), [2, 5, 4])


def test_centre_weights_peak_in_the_middle_and_never_vanish():
    weights = window_weights(5, 'centre')
    np.testing.assert_allclose(weights, [0.25, 0.75, 1.0, 0.75, 0.25])
    long = window_weights(21, 'centre')
    np.testing.assert_allclose(long, long[::-1])
    assert long.argmax() == 10 and long.min() > 0
    np.testing.assert_array_equal(window_weights(4), np.ones(4))
    with pytest.raises(ValueError, match="one of .*'centre'.*got 'hann'"):
        window_weights(5, 'hann')


def test_frame_averager_weighs_window_positions():
    averager = FrameAverager(3, (), position_weights=[1.0, 3.0])
    averager.add(np.array([[0, 1], [1, 2]]), np.array([[2., 4.], [8., 6.]]))
    # frame 1: 4 at position 1 (weight 3), 8 at position 0 (weight 1)
    np.testing.assert_allclose(averager.mean(), [2, 5, 6])
    with pytest.raises(ValueError, match='windows of 3 frames, but 2'):
        averager.add(np.array([[0, 1, 2]]), np.zeros((1, 3)))


def test_segments_are_padded_with_copies_of_their_edge_frames():
    frame_of, index, first_rows = segment_windows([5, 3], 4, edge_padding=2)
    np.testing.assert_array_equal(
        frame_of, [0, 0, 0, 1, 2, 3, 4, 4, 4, 5, 5, 5, 6, 7, 7, 7])
    np.testing.assert_array_equal(first_rows, [2, 11])
    # each segment's own frames at its rows from first_rows on
    for first, frames in zip(first_rows, ([0, 1, 2, 3, 4], [5, 6, 7])):
        np.testing.assert_array_equal(
            frame_of[first:first + len(frames)], frames)
    # no window spans two segments; every row is in some window
    segment_of_row = np.repeat([0, 1], [9, 7])
    assert all(len(set(segment_of_row[w])) == 1 for w in index.numpy())
    assert set(index.flatten().tolist()) == set(range(16))
    # the edge frames now sit inside windows, not only at their ends
    first_frame_positions = {int(np.flatnonzero(w == 2)[0])
                             for w in index.numpy() if 2 in w}
    assert first_frame_positions == {0, 1, 2}
    # without padding: as before (a 3-frame segment padded to one window)
    frame_of, index, first_rows = segment_windows([5, 3], 4)
    np.testing.assert_array_equal(frame_of, [0, 1, 2, 3, 4, 5, 6, 7, 7])
    np.testing.assert_array_equal(first_rows, [0, 5])
    with pytest.raises(ValueError, match='edge_padding must be >= 0'):
        segment_windows([5], 4, edge_padding=-1)
