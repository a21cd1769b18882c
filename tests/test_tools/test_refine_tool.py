"""tools/refine.py end to end on tiny inputs and on real detections."""
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO, run_tool
from mmclimb.apis import load_sequence, load_tracks

SPORTS2D = Path('/work/shared/data/sports2d_demo')
SPORTS2D_NPZ = SPORTS2D / 'derived' / 'sports2d_demo_mediapipe.npz'


def _refine_main():
    spec = importlib.util.spec_from_file_location('refine_tool',
                                                  REPO / 'tools' / 'refine.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def _jitter_line(text):
    line = next(row for row in text.splitlines() if row.startswith('jitter'))
    raw, refined = line.split('raw ')[1].split(' -> refined ')
    return float(raw), float(refined)


def test_refine_writes_npz_and_json(tmp_path, capsys):
    rng = np.random.default_rng(0)
    keypoints = 300 + rng.normal(0, 3, (30, 25, 2)).cumsum(0) + rng.normal(
        0, 4, (30, 25, 2))
    keypoints[10] = np.nan  # a frame without a detection
    np.save(tmp_path / 'walk.npy', keypoints)
    out_dir = tmp_path / 'out'
    with pytest.warns(UserWarning, match='1 whole frames'):
        _refine_main()(['configs/savitzky_golay_climb.py',
                        str(tmp_path / 'walk.npy'), '--out-dir',
                        str(out_dir)])
    stdout = capsys.readouterr().out
    raw_jitter, refined_jitter = _jitter_line(stdout)
    assert refined_jitter < raw_jitter
    arrays = np.load(out_dir / 'walk_refined.npz')
    assert arrays['keypoints'].shape == (30, 25, 2)
    assert np.isfinite(arrays['keypoints']).all()
    assert np.isnan(arrays['raw_keypoints'][10]).all()
    assert arrays['missing'][10].all()
    assert arrays['keypoint_scores'][10, 0] == 0
    np.testing.assert_allclose(arrays['raw_keypoints'][3], keypoints[3],
                               rtol=1e-6)
    document = json.loads((out_dir / 'walk_refined.json').read_text())
    assert len(document) == 30 and document[4]['frame_id'] == 4
    # the JSON reads back as an input
    again = load_sequence(out_dir / 'walk_refined.json')
    np.testing.assert_allclose(again.keypoints, arrays['keypoints'],
                               rtol=1e-6)
    assert not list(out_dir.glob('*.tmp'))


def test_refine_bad_input_is_one_clear_error(tmp_path):
    (tmp_path / 'x.txt').write_text('1')
    with pytest.raises(ValueError, match=r'x\.txt: unknown input extension'):
        _refine_main()(['configs/gaussian_filter_climb.py',
                        str(tmp_path / 'x.txt'), '--out-dir', str(tmp_path)])


def _first_frames_of_the_demo_video(path, num_frames):
    import cv2
    capture = cv2.VideoCapture(str(SPORTS2D / 'demo.mp4'))
    frames = [capture.read()[1] for _ in range(num_frames)]
    capture.release()
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 30,
                             (width // 4, height // 4))
    for frame in frames:
        writer.write(cv2.resize(frame, (width // 4, height // 4)))
    writer.release()


@pytest.mark.skipif(not SPORTS2D_NPZ.is_file(),
                    reason='the shared sports2d demo data is not here')
def test_refine_cli_on_real_detections_with_pictures(tmp_path, python):
    frames = 20
    with np.load(SPORTS2D_NPZ) as demo:
        # quarter-size video below: keypoints scaled to match
        det = demo['det25'][:frames].copy()
        det[..., :2] /= 4
        np.savez(tmp_path / 'demo20.npz', det25=det, fps=demo['fps'])
    _first_frames_of_the_demo_video(tmp_path / 'demo20.mp4', frames)
    out_dir = tmp_path / 'out'
    # DeciWatch as configured (no checkpoint: zero-initialised outputs)
    proc = run_tool(python, 'tools/refine.py', 'configs/deciwatch_climb.py',
                    tmp_path / 'demo20.npz', '--out-dir', out_dir,
                    '--batch-size', '4', '--plot-keypoints', 'left_wrist',
                    '0', '--video', tmp_path / 'demo20.mp4',
                    '--video-mode', 'overlay')
    raw_jitter, refined_jitter = _jitter_line(proc.stdout)
    assert raw_jitter > 0 and refined_jitter > 0
    assert (out_dir / 'demo20_trajectories.png').stat().st_size > 0
    assert (out_dir / 'demo20_overlay.mp4').stat().st_size > 0
    arrays = np.load(out_dir / 'demo20_refined.npz')
    assert arrays['keypoints'].shape == (frames, 25, 2)
    assert np.isfinite(arrays['keypoints']).all()
    assert arrays['missing'][:3].all()  # the demo's first frames: nobody


def test_refine_onnxruntime_backend_equals_pytorch(tmp_path, capsys):
    from mmclimb.apis import export_onnx, init_refiner
    config = 'configs/general/deciwatch_general.py'
    checkpoint = 'checkpoints/deciwatch_general.pth'
    onnx_file = tmp_path / 'deciwatch_general.onnx'
    onnx_file.write_bytes(export_onnx(init_refiner(config, checkpoint)))
    rng = np.random.default_rng(1)
    keypoints = 500 + rng.normal(0, 3, (40, 25, 2)).cumsum(0) + rng.normal(
        0, 4, (40, 25, 2)) + np.linspace(-150, 150, 25)[:, None]
    np.save(tmp_path / 'walk.npy', keypoints)
    refine = _refine_main()
    refine([config, checkpoint, str(tmp_path / 'walk.npy'), '--out-dir',
            str(tmp_path / 'pytorch')])
    refine([config, str(tmp_path / 'walk.npy'), '--out-dir',
            str(tmp_path / 'onnxruntime'), '--backend', 'onnxruntime',
            '--onnx', str(onnx_file)])
    expected = np.load(tmp_path / 'pytorch' / 'walk_refined.npz')
    actual = np.load(tmp_path / 'onnxruntime' / 'walk_refined.npz')
    np.testing.assert_allclose(actual['keypoints'], expected['keypoints'],
                               rtol=0, atol=1e-3)
    assert np.abs(actual['keypoints'] - keypoints).max() > 0.1
    with pytest.raises(SystemExit, match='--onnx FILE'):
        refine([config, str(tmp_path / 'walk.npy'), '--out-dir',
                str(tmp_path / 'x'), '--backend', 'onnxruntime'])


def _grey_video(path, num_frames, size=(160, 120)):
    import cv2
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 25,
                             size)
    for _ in range(num_frames):
        writer.write(np.full((size[1], size[0], 3), 90, np.uint8))
    writer.release()


def test_refine_every_person_of_a_prediction_json(tmp_path, capsys):
    from walking_people import predictions, walking_people
    # two people crossing, a third entering at 8 and leaving at 14
    people = walking_people(20, [((100, 300), (500, 300)),
                                 ((500, 340), (100, 340)),
                                 ((300, 700), (310, 700))],
                            spans=[(0, 20), (0, 20), (8, 14)], jitter=3)
    (tmp_path / 'crowd.json').write_text(
        json.dumps(predictions(people, shuffle_seed=3)))
    _grey_video(tmp_path / 'crowd.mp4', 20)
    out_dir = tmp_path / 'out'
    args = ['configs/savitzky_golay_climb.py', str(tmp_path / 'crowd.json'),
            '--out-dir', str(out_dir), '--plot-keypoints', '0', '--video',
            str(tmp_path / 'crowd.mp4')]
    _refine_main()(args)
    stdout = capsys.readouterr().out
    assert '20 frames, 3 tracks refined' in stdout
    raw_jitter, refined_jitter = _jitter_line(stdout)
    assert refined_jitter < raw_jitter
    arrays = np.load(out_dir / 'crowd_refined.npz')
    assert arrays['keypoints'].shape == (20, 3, 25, 2)
    assert arrays['track_ids'].tolist() == [0, 1, 2]
    assert arrays['present'].sum(axis=0).tolist() == [20, 20, 6]
    assert np.isnan(arrays['keypoints'][:8, 2]).all()
    assert np.isfinite(arrays['keypoints'][arrays['present']]).all()
    document = json.loads((out_dir / 'crowd_refined.json').read_text())
    assert [len(f['instances']) for f in document] == \
        [2] * 8 + [3] * 6 + [2] * 6
    assert {i['track_id'] for i in document[10]['instances']} == {0, 1, 2}
    # the output reads back with its track ids
    again = load_tracks(out_dir / 'crowd_refined.json')
    assert again.track_ids == [0, 1, 2]
    np.testing.assert_allclose(again.keypoints, arrays['keypoints'],
                               rtol=1e-6)
    assert (out_dir / 'crowd_trajectories.png').stat().st_size > 0
    assert (out_dir / 'crowd_side_by_side.mp4').stat().st_size > 0
    # the people's outputs are guarded like one person's
    with pytest.raises(FileExistsError, match=r'crowd_refined\.npz, .*'
                       r'crowd_side_by_side\.mp4 already exist.*--overwrite'):
        _refine_main()(args)


@pytest.mark.parametrize('config', ['configs/deciwatch_climb.py',
                                    'configs/gaussian_filter_climb.py'])
def test_lag_streams_and_at_the_full_window_matches_offline(tmp_path, config):
    rng = np.random.default_rng(1)
    keypoints = 300 + rng.normal(0, 3, (12, 25, 2)).cumsum(0)
    np.save(tmp_path / 'walk.npy', keypoints)
    small = ['--cfg-options', 'model.head.embed_dims=32',
             'model.head.ffn_dims=64'] if 'deciwatch' in config else []
    full = 4 if 'deciwatch' in config else 8
    for name, extra in (('offline', ['--stride', '1']),
                        ('full', ['--lag', str(full)]),
                        ('causal', ['--lag', '0'])):
        _refine_main()([config, str(tmp_path / 'walk.npy'), '--out-dir',
                        str(tmp_path / name), *extra, *small])
    refined = {name: np.load(tmp_path / name / 'walk_refined.npz')[
        'keypoints'] for name in ('offline', 'full', 'causal')}
    np.testing.assert_allclose(refined['full'], refined['offline'],
                               rtol=1e-5)
    assert not np.allclose(refined['causal'], refined['offline'])


def test_lag_takes_no_stride(tmp_path):
    with pytest.raises(SystemExit):
        _refine_main()(['configs/gaussian_filter_climb.py', 'x.npy',
                        '--out-dir', str(tmp_path), '--lag', '2',
                        '--stride', '1'])


def test_refine_refuses_to_overwrite_without_the_option(tmp_path):
    keypoints = 300 + np.random.default_rng(0).normal(0, 3, (12, 25, 2))
    np.save(tmp_path / 'walk.npy', keypoints)
    out_dir = tmp_path / 'out'
    args = ['configs/gaussian_filter_climb.py', str(tmp_path / 'walk.npy'),
            '--out-dir', str(out_dir)]
    _refine_main()(args)
    first = (out_dir / 'walk_refined.npz').read_bytes()
    (out_dir / 'walk_refined.json').write_text('[]')  # an earlier run's
    with pytest.raises(FileExistsError, match=r'walk_refined\.npz, .*'
                       r'walk_refined\.json already exist.*--overwrite'):
        _refine_main()(args)
    assert (out_dir / 'walk_refined.json').read_text() == '[]'
    _refine_main()(args + ['--overwrite'])
    assert (out_dir / 'walk_refined.npz').read_bytes() == first
    assert len(json.loads((out_dir / 'walk_refined.json').read_text())) == 12


def test_refine_partial_load_flag(tmp_path):
    import torch
    from mmclimb.apis import init_refiner
    state = init_refiner('configs/conv3d_climb.py').state_dict()
    state['head.extra'] = torch.zeros(1)
    torch.save(dict(state_dict=state), tmp_path / 'w.pth')
    keypoints = 300 + np.random.default_rng(0).normal(0, 3, (6, 25, 2))
    np.save(tmp_path / 'walk.npy', keypoints)
    args = ['configs/conv3d_climb.py', str(tmp_path / 'w.pth'),
            str(tmp_path / 'walk.npy'), '--out-dir', str(tmp_path / 'out')]
    with pytest.raises(ValueError, match=r'w\.pth: the checkpoint does not '
                       r'fit.*1 not in the model \(head\.extra\)'):
        _refine_main()(args)
    assert not (tmp_path / 'out').exists()
    _refine_main()(args + ['--partial-load'])
    assert (tmp_path / 'out' / 'walk_refined.json').is_file()


@pytest.mark.filterwarnings('ignore::UserWarning')
def test_a_change_of_person_is_said_and_refined_per_person(tmp_path,
                                                           capsys):
    from walking_people import switching_person
    np.save(tmp_path / 'switch.npy', switching_person(40, switch=20))
    outputs = {}
    for extra in ([], ['--no-person-split']):
        out_dir = tmp_path / ('one' if extra else 'split')
        _refine_main()(['configs/gaussian_filter_climb.py',
                        str(tmp_path / 'switch.npy'), '--out-dir',
                        str(out_dir), *extra])
        said = capsys.readouterr().out
        assert ('change person 1 time(s) (new person from frame 21)'
                in said) == (not extra)
        outputs[bool(extra)] = np.load(
            out_dir / 'switch_refined.npz')['keypoints']
    # as one run, the filter pulls person A toward person B before the gap
    gap_side = np.abs(outputs[True][15:20] - outputs[False][15:20])
    assert gap_side.max() > 20
