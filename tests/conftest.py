"""Shared fixtures: paths and a runner for the command-line tools."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOY_CONFIG = REPO / 'tests' / 'data' / 'configs' / 'toy_refiner.py'


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def run_tool(*args, env=None, timeout=600):
    """Run ``args`` from the repo root with this interpreter's venv first
    on PATH; fail the test with the tool's output if it exits non-zero."""
    full_env = dict(os.environ)
    full_env['PATH'] = f'{Path(sys.executable).parent}:{full_env["PATH"]}'
    full_env.update(env or {})
    proc = subprocess.run([str(a) for a in args],
                          cwd=REPO,
                          env=full_env,
                          capture_output=True,
                          text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f'{" ".join(map(str, args))} exited {proc.returncode}\n'
                    f'--- stdout ---\n{proc.stdout[-6000:]}\n'
                    f'--- stderr ---\n{proc.stderr[-6000:]}')
    return proc


@pytest.fixture(scope='session')
def python():
    return sys.executable


@pytest.fixture(scope='session')
def trained(tmp_path_factory, python):
    """A two-epoch ``tools/train.py`` run of the toy config; its work dir."""
    work_dir = tmp_path_factory.mktemp('train')
    run_tool(python, 'tools/train.py', TOY_CONFIG, '--work-dir', work_dir)
    return work_dir


def write_video(root, name, num_frames, num_keypoints=25, size=56, seed=0,
                heatmaps=None, bboxes=None, keypoints=None):
    """Write one ClimbAlong-format video pair under ``root``.

    Defaults: random float16 logits, a fixed 200 x 400 box at (100, 200),
    keypoints inside the box, all annotated. Any array may be replaced.
    Returns the arrays written.
    """
    import numpy as np
    rng = np.random.default_rng(seed)
    if heatmaps is None:
        heatmaps = rng.normal(
            -3, 1, (num_frames, num_keypoints, size, size)).astype(np.float16)
    if bboxes is None:
        bboxes = np.tile(np.float32([100, 200, 300, 600]), (num_frames, 1))
    if keypoints is None:
        xy = rng.uniform([110, 210], [290, 590],
                         (num_frames, 1, num_keypoints, 2))
        keypoints = np.concatenate(
            [xy, np.ones((num_frames, 1, num_keypoints, 1))],
            axis=-1).astype(np.float32)
    for folder in ('input', 'target'):
        (root / folder).mkdir(parents=True, exist_ok=True)
    np.savez(root / 'input' / f'{name}.npz', bboxes=bboxes, heatmaps=heatmaps)
    np.savez(root / 'target' / f'{name}.npz', keypoints=keypoints)
    return dict(heatmaps=heatmaps, bboxes=bboxes, keypoints=keypoints)


@pytest.fixture(scope='session')
def tiny_climb_root(tmp_path_factory):
    """The synthetic generator's ``tiny`` preset: 4 short videos, a split."""
    from mmclimb.datasets.synthetic import SyntheticClimbGenerator
    root = tmp_path_factory.mktemp('climb')
    SyntheticClimbGenerator(seed=0, preset='tiny').write(str(root))
    return root


def climb_data_options(root, batch_size=4, splits=('train', 'val', 'test')):
    """``--cfg-options`` pointing a climb config's loaders at ``root``."""
    options = []
    for split in splits:
        loader = f'{split}_dataloader'
        options += [
            f'{loader}.dataset.data_root={root}', f'{loader}.num_workers=0',
            f'{loader}.persistent_workers=False',
            f'{loader}.batch_size={batch_size}'
        ]
    return options


#: The general family's configs with small heads for end-to-end tests,
#: without dropout (whose masks each process draws from its own generator).
TINY_GENERAL_HEADS = {
    'deciwatch_general.py': "model = dict(head=dict(embed_dims=16, "
                            "ffn_dims=32, num_heads=2, num_encoder_layers=1,"
                            " num_decoder_layers=1, dropout=0.0))\n",
    'conv3d_general.py': '',
}


def tiny_general_run(root, config, workers=0):
    """A general config (``configs/general/CONFIG``, one of
    :data:`TINY_GENERAL_HEADS`) on tiny generated motion capture under
    ``root``: 2 training clips of 69 frames (6 windows of 21 frames at 24
    fps, every 8 source frames) and 1 validation clip; the config file and its ``--cfg-options``
    for one epoch of batch 4 with ``workers`` loader workers."""
    from mmclimb.testing import write_tiny_cmu_mocap
    mocap = root / 'mocap'
    if not mocap.exists():
        write_tiny_cmu_mocap(mocap, {'901_01': 70, '901_02': 70,
                                     '902_01': 70})
    tiny = root / f'tiny_{config}'
    tiny.write_text(
        f"_base_ = [{str(REPO / 'configs' / 'general' / config)!r}]\n"
        "train_dataloader = dict(dataset=dict(clips=['901_01', '901_02'], "
        "exclude=[], cache_dir=None, seq_step=8))\n"
        "val_dataloader = dict(dataset=dict(clips=['902_01'], "
        "cache_dir=None))\n"
        "test_dataloader = val_dataloader\n" + TINY_GENERAL_HEADS[config])
    options = ['train_cfg.max_epochs=1', 'train_dataloader.batch_size=4']
    for split in ('train', 'val'):
        options += [f'{split}_dataloader.dataset.data_root={mocap}',
                    f'{split}_dataloader.num_workers={workers}',
                    f'{split}_dataloader.persistent_workers={workers > 0}']
    return tiny, options


@pytest.fixture(scope='session')
def climb_trained(tmp_path_factory, tiny_climb_root, python):
    """One epoch of configs/conv3d_climb.py on tiny data; its work dir."""
    work_dir = tmp_path_factory.mktemp('conv3d')
    run_tool(python, 'tools/train.py', 'configs/conv3d_climb.py',
             '--work-dir', work_dir, '--cfg-options', 'train_cfg.max_epochs=1',
             *climb_data_options(tiny_climb_root))
    return work_dir


def randomize_deciwatch_outputs(refiner, seed=0):
    """Give a DeciWatch refiner random output projections (the untrained
    one, zero-initialised, returns the interpolation of its sampled frames,
    which hides how its input was normalised); returns the refiner."""
    import torch
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for layer in (refiner.head.denoise_out, refiner.head.recover_out):
            layer.weight.normal_(0, 0.05, generator=gen)
            layer.bias.normal_(0, 0.05, generator=gen)
    return refiner


def deciwatch_samples(targets, visible):
    """One ``PoseDataSample`` per window with DeciWatch's loss fields:
    ``heatmap_keypoints`` (T, K, 2) and ``keypoints_visible`` (T, K)."""
    from mmengine.structures import InstanceData
    from mmpose.structures import PoseDataSample
    out = []
    for t, v in zip(targets, visible):
        sample = PoseDataSample(metainfo=dict(heatmap_size=(56, 56)))
        sample.gt_instances = InstanceData(
            heatmap_keypoints=t, keypoints_visible=v)
        out.append(sample)
    return out


def official_deciwatch_names(num_encoder_layers, num_decoder_layers):
    """The parameter names of the official DeciWatch's pre-norm model."""
    attn = ['in_proj_weight', 'in_proj_bias', 'out_proj.weight',
            'out_proj.bias']
    wb = ['weight', 'bias']
    names = [f'transformer.{m}.{p}' for m in (
        'decoder_embed', 'encoder_embed', 'decoder_joints_embed',
        'encoder_joints_embed', 'encoder.norm', 'decoder.norm') for p in wb]
    for i in range(num_encoder_layers):
        pre = f'transformer.encoder.layers.{i}'
        names += [f'{pre}.self_attn.{p}' for p in attn]
        names += [f'{pre}.{m}.{p}' for m in ('linear1', 'linear2', 'norm1',
                                             'norm2') for p in wb]
    for i in range(num_decoder_layers):
        pre = f'transformer.decoder.layers.{i}'
        names += [f'{pre}.{a}.{p}' for a in ('self_attn', 'multihead_attn')
                  for p in attn]
        names += [f'{pre}.{m}.{p}' for m in ('linear1', 'linear2', 'norm1',
                                             'norm2', 'norm3') for p in wb]
    return names


#: shrunk model sizes for the ONNX tests, applied where a head sets them
TINY_HEAD = dict(
    embed_dims=16,
    ffn_dims=32,
    num_heads=2,
    num_encoder_layers=1,
    num_decoder_layers=1)
#: (W, H) of the heatmap refiners in the ONNX tests
TINY_HEATMAP_SIZE = (12, 12)


def learned_refiner_configs():
    """Every learned refiner config (``configs/*_climb.py``,
    ``configs/general/*.py``): not the Identity, not the filters."""
    import mmclimb  # noqa: F401  registers the heads
    from mmengine.config import Config
    from mmpose.registry import MODELS

    from mmclimb.models.heads import BaseFilterHead, IdentityHead
    configs = sorted([*REPO.glob('configs/*_climb.py'),
                      *REPO.glob('configs/general/*.py')])
    learned = []
    for config in configs:
        head = MODELS.get(Config.fromfile(config).model.head.type)
        if not issubclass(head, (BaseFilterHead, IdentityHead)):
            learned.append(str(config.relative_to(REPO)))
    return learned


def tiny_refiner_options(config):
    """``cfg_options`` shrinking a refiner config for fast tests: smaller
    heatmaps for heatmap refiners, :data:`TINY_HEAD` sizes where the head
    sets them; the window length stays the config's."""
    from mmengine.config import Config

    from mmclimb.apis import RefinerSettings
    cfg = Config.fromfile(REPO / config)
    head = cfg.model.head
    options = {
        f'model.head.{key}': value
        for key, value in TINY_HEAD.items() if key in head
    }
    if RefinerSettings.from_config(cfg).input_kind == 'heatmaps':
        options['test_dataloader.dataset.heatmap_size'] = TINY_HEATMAP_SIZE
        if 'heatmap_size' in head:
            options['model.head.heatmap_size'] = TINY_HEATMAP_SIZE
    return options


def perturb_weights(model, scale=0.05, seed=0):
    """Add Gaussian noise to every parameter, so that zero or identity
    initialisations do not make two implementations agree trivially."""
    import torch
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for param in model.parameters():
            param.add_(
                torch.randn(param.shape, generator=generator) * scale)
    return model
