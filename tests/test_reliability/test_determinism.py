"""The same seed gives the same metrics and weights; another seed does not.

Runs mmengine's Runner in-process on the toy config (as tools/train.py
builds it: Runner.from_cfg) with dropout, so that the seed matters beyond
the data order.
"""
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import TOY_CONFIG


def train(work_dir, seed):
    cfg = Config.fromfile(str(TOY_CONFIG))
    cfg.merge_from_dict({
        'model.dropout': 0.3,
        'randomness': dict(seed=seed, deterministic=True),
        'default_hooks.logger.interval': 100,
    })
    cfg.work_dir = str(work_dir)
    cfg.experiment_name = f'determinism_{work_dir.name}'
    runner = Runner.from_cfg(cfg)
    runner.train()
    metrics = runner.val_loop.run()
    weights = {k: v.clone() for k, v in runner.model.state_dict().items()}
    return metrics, weights


def test_same_seed_same_metrics_other_seed_differs(tmp_path):
    metrics_a, weights_a = train(tmp_path / 'a', seed=0)
    metrics_b, weights_b = train(tmp_path / 'b', seed=0)
    metrics_c, weights_c = train(tmp_path / 'c', seed=1)
    assert metrics_a == metrics_b  # exactly
    for name in weights_a:
        assert torch.equal(weights_a[name], weights_b[name])
    assert metrics_c != metrics_a
    assert not torch.equal(weights_c['conv.weight'], weights_a['conv.weight'])
