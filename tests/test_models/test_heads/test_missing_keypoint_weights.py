"""Keypoints a pretraining source lacks never reach a loss or a metric."""
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope
from mmpose.registry import DATASETS, METRICS, MODELS

import mmclimb  # noqa: F401


def windows(tmp_path, config):
    """Two packed windows of a COCO-17 .npz through ``config``'s train
    pipeline (Penn-like: 10 of the 25 ClimbAlong points missing)."""
    init_default_scope('mmpose')
    rng = np.random.default_rng(0)
    np.savez(tmp_path / 'seq.npz', a=rng.uniform(100, 400, (6, 17, 2)))
    cfg = Config.fromfile(config)
    dataset = cfg.train_dataloader.dataset
    dataset.update(ann_file=str(tmp_path / 'seq.npz'), data_root='')
    batch = pseudo_collate([DATASETS.build(dataset)[i] for i in (0, 1)])
    return cfg, torch.stack(batch['inputs']), batch['data_samples']


def missing_mask(samples):
    """(B, T, K) True where the point is missing (weight 0)."""
    mask = torch.stack([s.gt_instances.keypoints_visible
                        for s in samples]) == 0
    assert mask.any() and not mask.all()
    return mask


def test_heatmap_loss_ignores_outputs_at_missing_points(tmp_path):
    cfg, inputs, samples = windows(tmp_path, 'configs/pretrain/'
                                   'conv3d_keypoint_npz.py')
    head = MODELS.build(cfg.model).head
    missing = missing_mask(samples)
    weights = torch.stack([s.gt_instances.keypoint_weights for s in samples])
    assert (weights[missing] == 0).all()
    base = torch.rand(inputs.shape)
    changed = base.clone()
    changed[missing] += 5 * torch.rand(changed[missing].shape)
    head.forward = lambda feats: base
    loss = head.loss(inputs, samples)['loss_kpt']
    head.forward = lambda feats: changed
    assert head.loss(inputs, samples)['loss_kpt'] == loss
    changed[~missing] += 1  # a present point does count
    assert head.loss(inputs, samples)['loss_kpt'] != loss


def test_deciwatch_losses_ignore_outputs_at_missing_points(tmp_path):
    cfg, inputs, samples = windows(tmp_path, 'configs/pretrain/'
                                   'deciwatch_keypoint_npz.py')
    head = MODELS.build(cfg.model).head
    missing = missing_mask(samples)  # (B, T, K)
    per_coord = missing.repeat_interleave(2, dim=-1)  # (B, T, 2K)
    sampled = head.sampled(inputs.shape[1])
    base = torch.rand(inputs.shape)

    def run(recovered):
        head.denoise = lambda feats: (recovered[:, sampled], None, None)
        head.recover = lambda d, m, p: (recovered, recovered)
        return head.loss(inputs, samples)

    reference = run(base)
    changed = base.clone()
    changed[per_coord] += 3 * torch.rand(changed[per_coord].shape)
    for key, value in run(changed).items():
        assert value == pytest.approx(reference[key].item(), rel=1e-6)
    changed[~per_coord] += 0.5
    assert run(changed)['loss_recover'] != reference['loss_recover']


def test_pck_metric_ignores_predictions_at_missing_points(tmp_path):
    _, _, samples = windows(tmp_path, 'configs/pretrain/'
                            'conv3d_keypoint_npz.py')
    missing = missing_mask(samples)

    def score(offset_missing):
        metric = METRICS.build(dict(type='ClimbPCKMetric'))
        results = []
        for sample, miss in zip(samples, missing):
            gt = sample.gt_instances
            pred_hm = gt.heatmap_keypoints.clone() + 0.6 * (~miss[..., None])
            pred_hm[miss] += offset_missing
            results.append(dict(
                gt_instances=gt.to_dict(), heatmap_size=(56, 56),
                valid=sample.valid,
                pred_instances=dict(
                    heatmap_keypoints=pred_hm, prediction_source='heatmaps',
                    keypoints=gt.keypoints + 3 * (~miss[..., None]) +
                    offset_missing * miss[..., None])))
        metric.process({}, results)
        return metric.compute_metrics(metric.results)

    clean, shifted = score(0.0), score(17.0)
    for key, value in clean.items():
        assert shifted[key] == pytest.approx(value, nan_ok=True), key
