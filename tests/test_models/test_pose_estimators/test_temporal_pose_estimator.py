import pytest
import torch
from mmengine.registry import DefaultScope
from mmengine.structures import InstanceData
from mmpose.registry import MODELS
from mmpose.structures import PoseDataSample
from torch import nn

import mmclimb  # noqa: F401
from mmclimb.models import BaseTemporalHeatmapHead
from mmclimb.structures import heatmap_to_image


def build(head):
    with DefaultScope.overwrite_default_scope('mmpose'):
        return MODELS.build(dict(type='TemporalPoseEstimator', head=head))


def samples(batch, frames, keypoints):
    out = []
    for _ in range(batch):
        sample = PoseDataSample(metainfo=dict(heatmap_size=(8, 8)))
        sample.gt_instances = InstanceData(
            bboxes=torch.tensor([[10., 20., 26., 52.]]).repeat(frames, 1),
            heatmaps=torch.rand(frames, keypoints, 8, 8),
            keypoint_weights=torch.ones(frames, keypoints))
        out.append(sample)
    return out


def test_identity_predicts_detector_argmax_in_image_pixels():
    model = build(dict(type='IdentityHead'))
    inputs = torch.rand(2, 3, 4, 8, 8)
    out = model(inputs, samples(2, 3, 4), mode='predict')
    pred = out[1].pred_instances
    flat = inputs[1].flatten(-2).argmax(-1)
    expected_uv = torch.stack([flat % 8, flat // 8], -1).float()
    torch.testing.assert_close(pred.heatmap_keypoints, expected_uv)
    torch.testing.assert_close(
        pred.keypoints,
        heatmap_to_image(expected_uv, torch.tensor([[10., 20., 26., 52.]]),
                         (8, 8)))
    assert pred.keypoint_scores.shape == (3, 4)
    assert sum(p.numel() for p in model.parameters()) == 0


def test_identity_refuses_to_train():
    model = build(dict(type='IdentityHead'))
    with pytest.raises(RuntimeError, match='no parameters to train'):
        model(torch.rand(1, 3, 4, 8, 8), samples(1, 3, 4), mode='loss')


@MODELS.register_module()
class _ScaleHead(BaseTemporalHeatmapHead):
    """A one-parameter head for testing the shared loss."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.scale = nn.Parameter(torch.ones(()))

    def forward(self, feats):
        return feats * self.scale


def test_heatmap_loss_uses_targets_and_weights():
    model = build(dict(type='_ScaleHead'))
    batch = samples(2, 3, 4)
    inputs = torch.stack([s.gt_instances.heatmaps for s in batch])
    # perfect output -> zero loss
    loss = model(inputs, batch, mode='loss')['loss_kpt']
    assert loss.item() == pytest.approx(0.0)
    # a wrong keypoint with weight 0 does not count
    inputs_off = inputs.clone()
    inputs_off[:, :, 2] += 1
    for sample in batch:
        sample.gt_instances.keypoint_weights[:, 2] = 0
    assert model(inputs_off, batch, mode='loss')['loss_kpt'].item() == \
        pytest.approx(0.0)
    for sample in batch:
        sample.gt_instances.keypoint_weights[:, 2] = 1
    assert model(inputs_off, batch, mode='loss')['loss_kpt'].item() > 0


def test_tensor_mode_returns_head_output():
    model = build(dict(type='IdentityHead'))
    inputs = torch.rand(1, 2, 3, 8, 8)
    assert torch.equal(model(inputs, None, mode='tensor'), inputs)


@pytest.mark.parametrize('head', [
    dict(type='Conv3DHead', num_keypoints=4, seq_len=3),
    dict(type='DeciWatchHead', num_keypoints=4, seq_len=3, sample_interval=2,
         embed_dims=16, num_heads=2, num_encoder_layers=1,
         num_decoder_layers=1, ffn_dims=16, heatmap_size=(8, 8)),
])
def test_predictions_are_float32_under_bf16_autocast(head):
    model = build(head).eval()
    coords = head['type'] == 'DeciWatchHead'
    inputs = torch.rand(2, 3, 8) if coords else torch.rand(2, 3, 4, 8, 8)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        out = model(inputs, samples(2, 3, 4), mode='predict')
    for sample in out:
        fields = dict(sample.pred_instances.items())
        assert {'keypoints', 'heatmap_keypoints'} <= set(fields)
        for name, value in fields.items():
            if torch.is_tensor(value) and value.is_floating_point():
                assert value.dtype == torch.float32, name


@pytest.mark.parametrize('head,source', [
    (dict(type='IdentityHead'), 'heatmaps'),
    (dict(type='GaussianFilterHead', heatmap_size=(8, 8)), 'coordinates'),
    (dict(type='SmoothNetHead', num_keypoints=4, seq_len=3, hidden_dims=8,
          res_hidden_dims=8, num_blocks=1, heatmap_size=(8, 8)),
     'coordinates'),
])
def test_prediction_source_reaches_the_metrics_dict(head, source):
    # ClimbPCKMetric reads it from the dict the Evaluator makes of a sample
    model = build(head).eval()
    inputs = torch.rand(2, 3, 8) if source == 'coordinates' else \
        torch.rand(2, 3, 4, 8, 8)
    out = model(inputs, samples(2, 3, 4), mode='predict')
    for sample in out:
        assert sample.to_dict()['pred_instances']['prediction_source'] == \
            source
