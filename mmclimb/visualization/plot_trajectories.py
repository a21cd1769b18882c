"""Keypoint trajectories over time, raw against refined, as one PNG.

Symbols: T frames, K keypoints, N chosen keypoints.

Contract:
    Inputs are two (T, K, 2) arrays of (x, y) image pixels, the raw
    detector's and the refiner's; NaN marks a frame without a position (a
    gap in the line). For each chosen keypoint the figure has one row with
    two panels, x and y over time (frames, or seconds when ``fps`` is
    given); raw is drawn as thin grey dots and line, refined as a coloured
    line. The figure is drawn with matplotlib's Agg canvas (no display, no
    global backend change) and written atomically as PNG.
"""
from typing import Optional, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from mmclimb.fileio import write_atomic
from .check_tracks import check_tracks
from .track_colors import track_colors

__all__ = ['plot_trajectories']


def _chosen_names(keypoint_names: Sequence[str],
                  keypoint_indices: Sequence[int], num_keypoints: int):
    """Names of the chosen keypoints: ``keypoint_names`` lists either all K
    names or one per chosen index."""
    for index in keypoint_indices:
        if not 0 <= index < num_keypoints:
            raise ValueError(f'keypoint index {index} is outside 0..'
                             f'{num_keypoints - 1}')
    if len(keypoint_names) == num_keypoints:
        return [keypoint_names[i] for i in keypoint_indices]
    if len(keypoint_names) == len(keypoint_indices):
        return list(keypoint_names)
    raise ValueError(f'keypoint_names has {len(keypoint_names)} names; '
                     f'expected all {num_keypoints} or one per chosen '
                     f'keypoint ({len(keypoint_indices)})')


def plot_trajectories(raw: np.ndarray,
                      refined: np.ndarray,
                      keypoint_names: Sequence[str],
                      keypoint_indices: Sequence[int],
                      out_file: str,
                      fps: Optional[float] = None,
                      track_ids: Optional[Sequence] = None) -> None:
    """Plot x and y over time of some keypoints, raw vs refined.

    Args:
        raw (np.ndarray): (T, K, 2) raw positions, image pixels; NaN = gap;
            or (T, P, K, 2) for P people.
        refined (np.ndarray): The refined positions, shaped as ``raw``.
        keypoint_names (Sequence[str]): All K names, or one per chosen
            keypoint.
        keypoint_indices (Sequence[int]): The N keypoints to plot.
        out_file (str): The PNG to write.
        fps (float, optional): Frame rate; the time axis is in seconds when
            given, in frames otherwise.
        track_ids (Sequence, optional): The P people's labels; defaults to
            0..P-1.
    """
    raw = np.asarray(raw, dtype=np.float64)
    refined = np.asarray(refined, dtype=np.float64)
    check_tracks(raw, refined)
    keypoint_indices = [int(i) for i in keypoint_indices]
    if not keypoint_indices:
        raise ValueError('keypoint_indices is empty: choose at least one '
                         'keypoint to plot')
    names = _chosen_names(keypoint_names, keypoint_indices, raw.shape[-2])
    if raw.ndim == 4:
        ids = range(raw.shape[1]) if track_ids is None else track_ids
        colors = track_colors(raw.shape[1]) / 255
        labels = [f'track {i}' for i in ids]
    else:
        raw, refined = raw[:, None], refined[:, None]
        colors, labels = ['tab:blue'], ['refined']

    time = np.arange(raw.shape[0], dtype=np.float64)
    time_label = 'frame'
    if fps:
        time, time_label = time / fps, 'time (s)'

    rows = len(keypoint_indices)
    fig = Figure(figsize=(11, 2.2 * rows + 0.6), dpi=100)
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, 2, squeeze=False, sharex=True)
    for row, (index, name) in enumerate(zip(keypoint_indices, names)):
        for col, axis_name in enumerate('xy'):
            ax = axes[row, col]
            for person, (color, label) in enumerate(zip(colors, labels)):
                ax.plot(time,
                        raw[:, person, index, col],
                        color='0.55',
                        lw=0.8,
                        marker='.',
                        ms=3,
                        label='raw' if person == 0 else None)
                ax.plot(time,
                        refined[:, person, index, col],
                        color=color,
                        lw=1.6,
                        label=label)
            ax.set_ylabel(f'{name} {axis_name} (px)', fontsize=8)
            ax.grid(alpha=0.3)
            if axis_name == 'y':
                ax.invert_yaxis()  # image rows grow downwards
    for ax in axes[-1]:
        ax.set_xlabel(time_label)
    axes[0, 0].legend(loc='best', fontsize=8)
    fig.tight_layout()
    write_atomic(out_file, lambda file: fig.savefig(file, format='png'),
                 '.png.tmp')
