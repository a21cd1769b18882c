"""The classical filters are refiners like any other: their configs build a
TemporalPoseEstimator on the coordinate windows and tools/test.py evaluates
them without a checkpoint."""
import json

import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS, MODELS

from conftest import climb_data_options, run_tool

FILTER_CONFIGS = ['one_euro_climb', 'savitzky_golay_climb',
                  'gaussian_filter_climb']


@pytest.mark.parametrize('config', FILTER_CONFIGS)
def test_filter_config_predicts_test_windows(config, tiny_climb_root):
    cfg = Config.fromfile(f'configs/{config}.py')
    assert cfg.train_dataloader is None  # nothing to train
    init_default_scope('mmpose')
    dataset_cfg = cfg.test_dataloader.dataset
    dataset_cfg.data_root = str(tiny_climb_root)
    dataset = DATASETS.build(dataset_cfg)
    model = MODELS.build(cfg.model).eval()
    assert not list(model.parameters())
    batch = pseudo_collate([dataset[i] for i in range(3)])
    samples = model.test_step(batch)
    for sample, inputs in zip(samples, batch['inputs']):
        pred = sample.pred_instances
        assert pred.keypoints.shape == (5, 25, 2)
        assert torch.isfinite(pred.keypoints).all()
        # the filter smooths the window's normalised input coordinates
        expected = model.head(inputs[None])[0].reshape(5, 25, 2) * 55
        torch.testing.assert_close(pred.heatmap_keypoints, expected)


def test_filter_config_through_test_tool(tiny_climb_root, tmp_path, python):
    out = tmp_path / 'metrics.json'
    proc = run_tool(python, 'tools/test.py', 'configs/savitzky_golay_climb.py',
                    '--work-dir', tmp_path, '--out', out, '--cfg-options',
                    *climb_data_options(tiny_climb_root, splits=('test', )))
    assert 'no checkpoint given' in proc.stdout
    metrics = json.loads(out.read_text())
    assert 0 <= metrics['PCK@0.05'] <= metrics['PCK@0.2'] <= 100
    assert metrics['accel_err'] >= 0
