"""Conv3DHead's ``identity_init`` and the heatmap heads' sub-pixel decoding."""
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmpose.registry import MODELS

import mmclimb  # noqa: F401  registers the modules
from mmclimb.models import Conv3DHead
from mmclimb.structures import render_gaussians

SIZE = (16, 12)  # (W, H)


def _heatmaps(batch=2, frames=5, keypoints=3, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(batch, frames, keypoints, SIZE[1], SIZE[0],
                      generator=gen) + 0.01


def test_identity_init_returns_the_input_exactly():
    head = Conv3DHead(num_keypoints=3, seq_len=5, identity_init=True)
    head.init_weights()
    feats = _heatmaps()
    out = head(feats)
    assert torch.equal(out, feats)
    # before init_weights it is PyTorch's random init, not the identity
    fresh = Conv3DHead(num_keypoints=3, seq_len=5, identity_init=True)
    assert not torch.allclose(fresh(feats), feats)


def test_identity_init_ignores_init_cfg():
    init_cfg = dict(type='Constant', layer='Conv3d', val=0.5, bias=1.0)
    head = Conv3DHead(num_keypoints=3, seq_len=5, identity_init=True,
                      init_cfg=init_cfg)
    head.init_weights()
    feats = _heatmaps(seed=1)
    assert torch.equal(head(feats), feats)
    # without identity_init the same init_cfg is applied
    other = Conv3DHead(num_keypoints=3, seq_len=5, init_cfg=init_cfg)
    other.init_weights()
    assert torch.all(other.conv.weight == 0.5)
    assert torch.all(other.conv.bias == 1.0)


def test_general_config_model_starts_as_the_identity():
    init_default_scope('mmpose')
    cfg = Config.fromfile('configs/general/conv3d_general.py')
    model = MODELS.build(cfg.model)
    model.init_weights()
    assert model.head.identity_init and model.head.subpixel_decoding
    feats = torch.rand(1, 5, 25, 56, 56) + 0.01
    model.eval()
    with torch.no_grad():
        out = model(feats, None, mode='tensor')
    assert torch.equal(out, feats)


CENTRES = np.array([[10.3, 5.7], [3.4, 4.25], [7.0, 8.0], [12.81, 2.12]],
                   dtype=np.float32)


def _gaussians(centres, frames=2):
    maps = render_gaussians(centres, 1.0, SIZE)  # (K, H, W)
    return torch.from_numpy(np.stack([maps] * frames))[None]  # (1,T,K,H,W)


def test_subpixel_decoding_recovers_fractional_centres():
    head = Conv3DHead(num_keypoints=4, seq_len=3, subpixel_decoding=True)
    positions, scores = head.decode(_gaussians(CENTRES))
    assert positions.shape == (1, 2, 4, 2) and scores.shape == (1, 2, 4)
    expected = torch.from_numpy(CENTRES).expand_as(positions)
    torch.testing.assert_close(positions, expected, atol=1e-3, rtol=0)


def test_default_decoding_gives_integer_positions():
    head = Conv3DHead(num_keypoints=4, seq_len=3)
    positions, _ = head.decode(_gaussians(CENTRES))
    assert torch.equal(positions, positions.round())
    # the nearest grid point of each centre
    expected = torch.from_numpy(np.round(CENTRES)).expand_as(positions)
    assert torch.equal(positions, expected)
    assert not torch.allclose(positions,
                              torch.from_numpy(CENTRES).expand_as(positions),
                              atol=0.1)


@pytest.mark.parametrize('subpixel', [False, True])
def test_predict_uses_decode(subpixel):
    head = Conv3DHead(num_keypoints=4, seq_len=3, identity_init=True,
                      subpixel_decoding=subpixel)
    head.init_weights()
    feats = _gaussians(CENTRES, frames=3)
    pred = head.predict(feats, None)[0]
    positions, scores = head.decode(head(feats))
    torch.testing.assert_close(pred.heatmap_keypoints, positions[0])
    torch.testing.assert_close(pred.keypoint_scores, scores[0])
    # rounded to the grid by the thesis metric, also when sub-pixel
    assert pred.prediction_source == 'heatmaps'
    if subpixel:
        torch.testing.assert_close(
            pred.heatmap_keypoints,
            torch.from_numpy(CENTRES).expand(3, -1, -1), atol=1e-3, rtol=0)


def test_predict_calls_the_heads_decode(monkeypatch):
    head = Conv3DHead(num_keypoints=4, seq_len=3)
    sentinel = torch.full((1, 3, 4, 2), 7.25)

    def fake_decode(outputs):
        return sentinel, torch.zeros(outputs.shape[:3])

    monkeypatch.setattr(head, 'decode', fake_decode)
    pred = head.predict(_gaussians(CENTRES, frames=3), None)[0]
    assert torch.equal(pred.heatmap_keypoints, sentinel[0])
