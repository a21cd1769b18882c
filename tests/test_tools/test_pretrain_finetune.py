"""The two-stage recipe: pretraining on keypoint sequences, then finetuning
from its best checkpoint, through tools/train.py."""
import glob

import numpy as np
import pytest
import torch
from mmengine.config import Config

from conftest import climb_data_options, run_tool
from mmclimb.datasets import get_keypoint_mapping

MODELS = ('conv3d', 'biconvlstm_s', 'biconvlstm_c', 'deciwatch')
SOURCES = ('penn_action', 'posetrack18', 'keypoint_npz')


@pytest.mark.parametrize('model', MODELS)
@pytest.mark.parametrize('source', SOURCES)
def test_pretrain_and_finetune_configs_follow_the_recipe(model, source):
    pretrain = Config.fromfile(f'configs/pretrain/{model}_{source}.py')
    finetune = Config.fromfile(
        f'configs/finetune/{model}_climb_from_{source}.py')
    assert pretrain.optim_wrapper.optimizer.lr == 1e-3
    assert pretrain.default_hooks.checkpoint.save_best == 'PCK@0.2'
    assert pretrain.default_hooks.best_copy.type == 'BestCheckpointCopyHook'
    assert finetune.optim_wrapper.optimizer.lr == 1e-4
    assert finetune.default_hooks.checkpoint.save_best == 'PCK@0.05'
    assert finetune.load_from == f'work_dirs/{model}_{source}/best.pth'
    assert pretrain.model == finetune.model  # the weights fit
    assert 'mmclimb' in finetune.custom_imports.imports
    key = pretrain.train_dataloader.dataset.pipeline[-1].input_key
    assert key == finetune.train_dataloader.dataset.pipeline[-1].input_key


def write_npz(path, num_sequences, seed):
    rng = np.random.default_rng(seed)
    arrays = {}
    for i in range(num_sequences):
        start = rng.uniform(200, 400, (1, 17, 2))
        walk = np.cumsum(rng.normal(0, 2, (7, 17, 2)), axis=0)
        arrays[f'seq{i}'] = start + walk
    np.savez(path, **arrays)


def test_pretrain_then_finetune_with_load_from(tmp_path, tiny_climb_root,
                                               python):
    write_npz(tmp_path / 'train.npz', 3, seed=0)
    write_npz(tmp_path / 'val.npz', 1, seed=1)
    pretrain_dir = tmp_path / 'pretrain'
    options = ['train_cfg.max_epochs=1']
    for split in ('train', 'val', 'test'):
        options += [
            f'{split}_dataloader.dataset.data_root={tmp_path}',
            f'{split}_dataloader.num_workers=0',
            f'{split}_dataloader.persistent_workers=False',
            f'{split}_dataloader.batch_size=4'
        ]
    run_tool(python, 'tools/train.py',
             'configs/pretrain/conv3d_keypoint_npz.py', '--work-dir',
             pretrain_dir, '--cfg-options', *options)
    best = pretrain_dir / 'best.pth'
    assert len(glob.glob(str(pretrain_dir / 'best_PCK@0.2_epoch_*.pth'))) == 1
    pretrained = torch.load(best, map_location='cpu')['state_dict']
    # the 10 ClimbAlong points COCO-17 lacks have weight 0: their output
    # channels got no gradient, so their (zero-initialised) biases stayed 0
    missing = ~get_keypoint_mapping('coco17').present
    bias = pretrained['head.conv.bias']
    assert (bias[missing] == 0).all() and (bias[~missing] != 0).all()

    finetune_dir = tmp_path / 'finetune'
    few_windows = [
        f'{split}_dataloader.dataset.indices=8'
        for split in ('train', 'val', 'test')
    ]
    proc = run_tool(python, 'tools/train.py',
                    'configs/finetune/conv3d_climb_from_keypoint_npz.py',
                    '--work-dir', finetune_dir, '--cfg-options',
                    f'load_from={best}', 'train_cfg.max_epochs=1',
                    *climb_data_options(tiny_climb_root), *few_windows)
    assert f'Load checkpoint from {best}' in proc.stdout + proc.stderr
    finetuned = glob.glob(str(finetune_dir / 'best_PCK@0.05_epoch_*.pth'))
    assert len(finetuned) == 1
    weights = torch.load(finetuned[0], map_location='cpu')['state_dict']
    assert weights.keys() == pretrained.keys()
    # finetuning started from the pretrained weights: one epoch at lr 1e-4
    # moves them only a little
    change = (weights['head.conv.weight'] -
              pretrained['head.conv.weight']).norm()
    assert 0 < change < 0.1 * pretrained['head.conv.weight'].norm()
