"""Distributed runs equal single-process runs (gloo on the CPU).

A config's ``batch_size`` is the total batch: 2 processes get half each.

- tools/dist_train.sh, 2 processes, against tools/train.py, 1 process, with
  ``batch_size=8`` (so 2 x 4 windows per step against 1 x 8: the same
  windows per step): the same validation metrics and weights within rtol
  1e-4 (the gradient average over the two processes is summed in another
  order than the single-process batch mean; in practice they agree to
  about 1e-7). Once on the toy refiner (with the launcher's log: gloo,
  distributed), once on every shipped family: configs/deciwatch_climb.py
  and bi-ConvLSTM Model C (narrow convs) with the tiny synthetic data (the
  ClimbAlong data path; 3DConv's model is in the next two), and
  configs/general/deciwatch_general.py and conv3d_general.py (coordinates
  and heatmaps) with tiny generated motion capture and two
  pretraining configs (the simulated detector in coordinates and in
  heatmaps) with tiny keypoint files, whose random training inputs come
  from WindowSeedSampler's window seeds, 1 process with 2 loader workers
  against 2 without (validation metrics within rel 1e-3, weights
  within 1e-4: Adam's first steps move near-zero gradients by about the
  learning rate, so summation-order differences show up at 1e-5); the
  launcher runs with a broken ``python`` first on PATH (it must use the
  project's venv). DeciWatch's loss divides by the visible count averaged
  over the processes, so 2 processes equal 1 there too.
- tools/dist_test.sh, 2 processes, against tools/test.py: exactly the same
  metrics, on a split whose window count is odd (the tiny data's
  ``test_long``, 29 windows), so that mmengine's
  DefaultSampler pads one rank with a duplicate window which the result
  collection must drop (``ClimbPCKMetric`` keeps one result per window).
"""
import json
import os

import numpy as np
import pytest
import torch

from conftest import (TOY_CONFIG, climb_data_options, free_port, run_tool,
                      tiny_general_run)

DIST_ENV = dict(OMP_NUM_THREADS='1')


def val_metrics(work_dir):
    """The last validation metrics in the run's scalars.json."""
    (scalars, ) = work_dir.glob('*/vis_data/scalars.json')
    records = [json.loads(line) for line in scalars.read_text().splitlines()]
    return [r for r in records if 'toy/mse' in r][-1]


def load_state(path):
    import mmclimb  # noqa: F401  (allow-lists mmengine's classes)
    return torch.load(path, map_location='cpu', weights_only=True)


def assert_same_weights(path, reference, rtol=1e-4, atol=1e-4):
    """The two checkpoints took as many steps and hold the same weights
    (within float summation order); returns the step count."""
    state, expected = load_state(path), load_state(reference)
    assert state['meta']['iter'] == expected['meta']['iter']
    for name, weight in expected['state_dict'].items():
        torch.testing.assert_close(
            state['state_dict'][name], weight, rtol=rtol, atol=atol)
    return state['meta']['iter']


def test_dist_train_equals_single_process_with_same_total_batch(
        tmp_path, python):
    single, double = tmp_path / 'single', tmp_path / 'double'
    run_tool(python, 'tools/train.py', TOY_CONFIG, '--work-dir', single,
             '--cfg-options', 'train_dataloader.batch_size=8')
    proc = run_tool('bash', 'tools/dist_train.sh', TOY_CONFIG, 2,
                    '--work-dir', double, '--cfg-options',
                    'train_dataloader.batch_size=8',
                    env=dict(DIST_ENV, PORT=str(free_port())))
    log = proc.stdout + proc.stderr
    assert 'Distributed training: True' in log
    assert "'backend': 'gloo'" in log
    metrics_1, metrics_2 = val_metrics(single), val_metrics(double)
    assert metrics_1['step'] == metrics_2['step'] == 2
    for key in ('toy/mse', 'toy/mse_raw'):
        assert metrics_2[key] == pytest.approx(metrics_1[key], rel=1e-4)
    state_1 = load_state(single / 'epoch_2.pth')
    state_2 = load_state(double / 'epoch_2.pth')
    # 32 windows / 8 per step: 4 steps per epoch in both runs
    assert state_1['meta']['iter'] == state_2['meta']['iter'] == 8
    for name, weight in state_1['state_dict'].items():
        torch.testing.assert_close(
            state_2['state_dict'][name], weight, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize('config, options', [
    ('configs/deciwatch_climb.py', ['model.head.embed_dims=16',
                                    'model.head.num_encoder_layers=1',
                                    'model.head.num_decoder_layers=1',
                                    'model.head.dropout=0.0']),
    # the bi-ConvLSTM family (Model C, narrow convs: the recurrence both
    # ways, the concatenation and the fusion convs)
    ('configs/biconvlstm_c_climb.py',
     ['model.head.branch_layers=[(8,3)]',
      'model.head.fusion_layers=[(8,1),(25,1)]']),
])
def test_dist_train_equals_single_process_on_a_shipped_config(
        config, options, tiny_climb_root, tmp_path, python):
    # trained on the tiny data's 10 validation windows: a count that 2
    # divides, so mmengine's DefaultSampler pads no rank with a duplicate
    options = [*options, 'train_cfg.max_epochs=1',
               *climb_data_options(tiny_climb_root, batch_size=4),
               'train_dataloader.dataset.split=val']
    single, double = tmp_path / 'single', tmp_path / 'double'
    run_tool(python, 'tools/train.py', config, '--work-dir', single,
             '--cfg-options', *options)
    # a `python` first on PATH that is not the project's must not be used
    fake = tmp_path / 'bin'
    fake.mkdir()
    (fake / 'python').write_text('#!/bin/sh\nexit 97\n')
    (fake / 'python').chmod(0o755)
    path = f'{fake}:{os.environ["PATH"]}'
    run_tool('bash', 'tools/dist_train.sh', config, 2, '--work-dir', double,
             '--cfg-options', *options,
             env=dict(DIST_ENV, PORT=str(free_port()), PATH=path))
    metrics_1, metrics_2 = (last_val(single), last_val(double))
    for key in ('PCK@0.05', 'PCK@0.1', 'PCK@0.2', 'MPJPE_px'):
        assert metrics_2[key] == pytest.approx(metrics_1[key], rel=1e-3)
    assert_same_weights(double / 'epoch_1.pth', single / 'epoch_1.pth')


def last_val(work_dir):
    (scalars, ) = work_dir.glob('*/vis_data/scalars.json')
    records = [json.loads(line) for line in scalars.read_text().splitlines()]
    return [r for r in records if 'PCK@0.05' in r][-1]


def test_dist_test_counts_every_window_once(climb_trained, tiny_climb_root,
                                           tmp_path, python):
    from mmclimb.datasets import ClimbAlongDataset
    num_windows = len(
        ClimbAlongDataset(
            str(tiny_climb_root), split_file='splits.json',
            split='test_long'))
    assert num_windows % 2 == 1  # 2 ranks: one is padded with a duplicate
    (checkpoint, ) = climb_trained.glob('best_*.pth')
    options = climb_data_options(tiny_climb_root, batch_size=4,
                                 splits=('test', ))
    options.append('test_dataloader.dataset.split=test_long')
    single, double = tmp_path / 'single.json', tmp_path / 'double.json'
    run_tool(python, 'tools/test.py', 'configs/conv3d_climb.py', checkpoint,
             '--work-dir', tmp_path / 'wd1', '--out', single,
             '--cfg-options', *options)
    proc = run_tool('bash', 'tools/dist_test.sh', 'configs/conv3d_climb.py',
                    checkpoint, 2, '--work-dir', tmp_path / 'wd2', '--out',
                    double, '--cfg-options', *options,
                    env=dict(DIST_ENV, PORT=str(free_port())))
    assert f'ClimbPCKMetric: {num_windows} windows' in proc.stdout + \
        proc.stderr
    assert json.loads(double.read_text()) == json.loads(single.read_text())



# the general family in coordinates and in heatmaps (SmoothNet's data path
# is DeciWatch's)
@pytest.mark.parametrize('config',
                         ['deciwatch_general.py', 'conv3d_general.py'])
def test_dist_train_equals_single_process_on_a_general_config(
        config, tmp_path, python):
    # the general family's training windows draw random cameras, frame
    # rates and detector noise from WindowSeedSampler's window seeds: 2
    # processes without loader workers train on the inputs of 1 process
    # with 2 workers
    tiny, options_1 = tiny_general_run(tmp_path, config, workers=2)
    _, options_2 = tiny_general_run(tmp_path, config, workers=0)
    single, double = tmp_path / 'single', tmp_path / 'double'
    run_tool(python, 'tools/train.py', tiny, '--work-dir', single,
             '--cfg-options', *options_1)
    run_tool('bash', 'tools/dist_train.sh', tiny, 2, '--work-dir', double,
             '--cfg-options', *options_2,
             env=dict(DIST_ENV, PORT=str(free_port())))
    metrics_1, metrics_2 = last_val(single), last_val(double)
    for key in ('PCK_px@0.05', 'PCK_px@0.1', 'PCK_px@0.2', 'MPJPE_px'):
        assert metrics_2[key] == pytest.approx(metrics_1[key], rel=1e-3)
    assert assert_same_weights(double / 'epoch_1.pth',
                               single / 'epoch_1.pth') >= 2


def _write_keypoint_npz(path, num_sequences, seed):
    """COCO-17 walks of 7 frames: 3 windows of 5 each."""
    rng = np.random.default_rng(seed)
    arrays = {}
    for i in range(num_sequences):
        start = rng.uniform(200, 400, (1, 17, 2))
        arrays[f'seq{i}'] = start + np.cumsum(
            rng.normal(0, 2, (7, 17, 2)), axis=0)
    np.savez(path, **arrays)


@pytest.mark.parametrize('config, options', [
    # the simulated detector in coordinates (SimulateDetectorCoordinates)
    ('configs/pretrain/deciwatch_keypoint_npz.py',
     ['model.head.embed_dims=16', 'model.head.num_encoder_layers=1',
      'model.head.num_decoder_layers=1', 'model.head.dropout=0.0']),
    # and in rendered heatmaps (SimulateDetectorNoise)
    ('configs/pretrain/conv3d_keypoint_npz.py', []),
])
def test_dist_train_equals_single_process_on_a_pretraining_config(
        config, options, tmp_path, python):
    # 4 training sequences: 12 windows, which 2 processes divide
    _write_keypoint_npz(tmp_path / 'train.npz', 4, seed=0)
    _write_keypoint_npz(tmp_path / 'val.npz', 2, seed=1)
    options = [*options, 'train_cfg.max_epochs=1']
    for split in ('train', 'val', 'test'):
        options += [f'{split}_dataloader.dataset.data_root={tmp_path}',
                    f'{split}_dataloader.batch_size=4']

    def workers(count):
        return [f'{split}_dataloader.{key}'
                for split in ('train', 'val', 'test')
                for key in (f'num_workers={count}',
                            f'persistent_workers={count > 0}')]

    single, double = tmp_path / 'single', tmp_path / 'double'
    run_tool(python, 'tools/train.py', config, '--work-dir', single,
             '--cfg-options', *options, *workers(2))
    run_tool('bash', 'tools/dist_train.sh', config, 2, '--work-dir', double,
             '--cfg-options', *options, *workers(0),
             env=dict(DIST_ENV, PORT=str(free_port())))
    state_1 = load_state(single / 'epoch_1.pth')
    state_2 = load_state(double / 'epoch_1.pth')
    assert state_1['meta']['iter'] == state_2['meta']['iter'] == 3
    metrics_1, metrics_2 = last_val(single), last_val(double)
    # 6 validation windows, 450 counted keypoints: a keypoint on a
    # threshold may cross it (one keypoint is 0.22 points)
    for key in ('PCK@0.05', 'PCK@0.1', 'PCK@0.2'):
        assert metrics_2[key] == pytest.approx(metrics_1[key], abs=0.25)
    assert metrics_2['MPJPE_px'] == pytest.approx(metrics_1['MPJPE_px'],
                                                  rel=1e-3)
    # Adam at 1e-3 moves a weight by about the learning rate per step
    # whatever its gradient's size: a near-zero gradient whose sign the
    # summation order flips (1 of 26,948 DeciWatch weights here) differs
    # by up to 3 x 2e-3; every other weight agrees within 1e-4 (other
    # inputs would move about half of them further, as with the general
    # configs before WindowSeedSampler)
    diff = torch.cat([(state_2['state_dict'][name] - weight).abs().flatten()
                      for name, weight in state_1['state_dict'].items()])
    assert (diff > 1e-4).float().mean() < 1e-3
    assert diff.max() < 6e-3
