import cv2
import numpy as np
import pytest

from mmclimb.visualization import (climbalong_skeleton, plot_trajectories,
                                   track_colors)


def _tracks(num_frames=40, num_keypoints=25, seed=0):
    rng = np.random.default_rng(seed)
    refined = np.cumsum(rng.normal(0, 2, (num_frames, num_keypoints, 2)),
                        axis=0) + 300
    raw = refined + rng.normal(0, 5, refined.shape)
    raw[5:8] = np.nan  # a gap
    return raw, refined


@pytest.mark.parametrize('fps', [None, 30.0])
def test_plot_trajectories_writes_a_png(tmp_path, fps):
    raw, refined = _tracks()
    out = tmp_path / 'plots' / 'traj.png'
    plot_trajectories(raw,
                      refined,
                      climbalong_skeleton().keypoint_names, [0, 7, 19],
                      str(out),
                      fps=fps)
    image = cv2.imread(str(out))
    # 11 x (2.2 per keypoint + 0.6) inches at 100 dpi
    assert image.shape == (720, 1100, 3)
    assert image.std() > 10  # not a blank picture
    assert [p.name for p in out.parent.iterdir()] == ['traj.png']


def test_plot_trajectories_names_of_chosen_keypoints_only(tmp_path):
    raw, refined = _tracks()
    out = tmp_path / 'traj.png'
    plot_trajectories(raw, refined, ['left wrist'], [7], str(out))
    assert cv2.imread(str(out)).shape == (280, 1100, 3)


def test_plot_trajectories_errors(tmp_path):
    raw, refined = _tracks()
    out = str(tmp_path / 'traj.png')
    names = climbalong_skeleton().keypoint_names
    with pytest.raises(ValueError, match='same'):
        plot_trajectories(raw, refined[:-1], names, [0], out)
    with pytest.raises(ValueError, match=r'\(T, K, 2\)'):
        plot_trajectories(raw[..., 0], refined[..., 0], names, [0], out)
    with pytest.raises(ValueError, match='outside 0..24'):
        plot_trajectories(raw, refined, names, [25], out)
    with pytest.raises(ValueError, match='empty'):
        plot_trajectories(raw, refined, names, [], out)
    with pytest.raises(ValueError, match='3 names'):
        plot_trajectories(raw, refined, names[:3], [0, 1], out)
    assert not list(tmp_path.iterdir())


def test_plot_trajectories_of_several_people(tmp_path):
    raw, refined = _tracks()
    other_raw, other_refined = _tracks(seed=1)
    raw = np.stack([raw, other_raw + 200], axis=1)
    refined = np.stack([refined, other_refined + 200], axis=1)
    raw[:10, 1] = refined[:10, 1] = np.nan  # the second person enters
    out = tmp_path / 'people.png'
    plot_trajectories(raw, refined, climbalong_skeleton().keypoint_names,
                      [0], str(out), track_ids=['a', 'b'])
    image = cv2.imread(str(out))[..., ::-1].reshape(-1, 3).astype(int)
    for rgb in track_colors(2).astype(int):  # both tracks' lines drawn
        assert (np.abs(image - rgb).max(axis=1) < 8).sum() > 200
    with pytest.raises(ValueError, match=r'\(T, P, K, 2\)'):
        plot_trajectories(raw[None], refined[None], ['x'], [0], str(out))
