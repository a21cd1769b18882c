"""Degenerate heatmaps, border keypoints and empty windows stay finite.

Behaviour (docs/reliability.md):

- all-zero or all-negative detector heatmaps: NormalizeHeatmaps leaves the
  channel at zero (no 0/0) and warns; DecodeHeatmaps decodes a flat channel
  to (0, 0) with its constant score and warns;
- a keypoint exactly on the border (u = 0, u = W-1) is valid data: finite
  targets peaking on the border, finite decoded and normalised positions,
  finite loss; ProjectKeypointsToBox warns (once per video) that annotated
  points lie on or outside the border, nothing else warns;
- an empty window (every frame padding / every keypoint weight 0): the
  heatmap and DeciWatch losses are exactly 0 with finite (zero) gradients,
  and a warning says that the step learns nothing.
"""
import numpy as np
import pytest
import torch
from mmengine.structures import InstanceData
from mmpose.structures import PoseDataSample

from mmclimb.datasets.transforms import (DecodeHeatmaps, NormalizeHeatmaps,
                                         ProjectKeypointsToBox,
                                         RenderGaussianHeatmaps)
from mmclimb.models import Conv3DHead, DeciWatchHead

T, K, S = 5, 25, 56


def window(heatmaps):
    return dict(heatmaps=heatmaps, heatmap_size=(S, S), video='v')


@pytest.mark.parametrize('mode', ['sum', 'max'])
@pytest.mark.parametrize('fill', [0.0, -4.0])
def test_zero_or_negative_heatmaps_normalise_and_decode_finite(mode, fill):
    heatmaps = np.full((T, K, S, S), fill, np.float32)
    with pytest.warns(UserWarning, match='no positive value'):
        out = NormalizeHeatmaps(mode=mode)(window(heatmaps))['heatmaps']
    assert np.isfinite(out).all() and not out.any()
    with pytest.warns(UserWarning, match='flat heatmap channels'):
        decoded = DecodeHeatmaps()(window(out))
    for key in ('input_keypoints', 'input_keypoints_scores',
                'input_keypoints_norm'):
        assert np.isfinite(decoded[key]).all()
    assert not decoded['input_keypoints'].any()


def test_negative_logits_with_a_peak_decode_without_warning(recwarn):
    heatmaps = np.full((T, K, S, S), -6.0, np.float32)
    heatmaps[:, :, 10, 20] = -1.0  # still negative, but a clear maximum
    decoded = DecodeHeatmaps()(window(heatmaps))
    assert (decoded['input_keypoints'] == [20, 10]).all()
    assert not [w for w in recwarn if 'flat' in str(w.message)]


def test_keypoints_on_the_border_give_finite_targets_and_loss(recwarn):
    box = np.float32([100, 200, 300, 600])
    keypoints = np.zeros((T, K, 2), np.float32)
    keypoints[:, 0::2] = box[:2]  # top-left corner: u = v = 0 after clip
    keypoints[:, 1::2] = [1000, 1000]  # outside: u = v = W-1 after clip
    results = dict(
        keypoints=keypoints,
        keypoints_visible=np.ones((T, K), np.float32),
        bboxes=np.tile(box, (T, 1)),
        heatmap_size=(S, S))
    with pytest.warns(UserWarning, match='on or outside the box border'):
        results = ProjectKeypointsToBox()(results)
    assert set(np.unique(results['heatmap_keypoints'])) == {0.0, S - 1.0}
    results = RenderGaussianHeatmaps()(results)
    targets = results['target_heatmaps']
    assert np.isfinite(targets).all()
    assert (results['keypoint_weights'] == 1).all()
    decoded = DecodeHeatmaps(key='target_heatmaps')(results)
    np.testing.assert_array_equal(decoded['input_keypoints'],
                                  results['heatmap_keypoints'])
    assert set(np.unique(decoded['input_keypoints_norm'])) == {0.0, 1.0}
    head = Conv3DHead()
    sample = PoseDataSample(
        gt_instances=InstanceData(
            heatmaps=torch.from_numpy(targets),
            keypoint_weights=torch.from_numpy(results['keypoint_weights'])))
    loss = head.loss(torch.from_numpy(targets)[None], [sample])['loss_kpt']
    assert torch.isfinite(loss)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_empty_window_heatmap_loss_is_zero_and_finite():
    head = Conv3DHead()
    inputs = torch.rand(2, T, K, S, S, requires_grad=True)
    samples = [
        PoseDataSample(
            gt_instances=InstanceData(
                heatmaps=torch.rand(T, K, S, S),
                keypoint_weights=torch.zeros(T, K))) for _ in range(2)
    ]
    with pytest.warns(UserWarning, match='Conv3DHead: every keypoint weight'):
        loss = head.loss(inputs, samples)['loss_kpt']
    assert loss.item() == 0.0
    loss.backward()
    assert torch.isfinite(inputs.grad).all()
    assert all(torch.isfinite(p.grad).all() for p in head.parameters())


def test_empty_window_deciwatch_loss_is_zero_and_finite():
    head = DeciWatchHead(
        num_keypoints=K, seq_len=T, sample_interval=4, embed_dims=16,
        num_heads=2, num_encoder_layers=1, num_decoder_layers=1, ffn_dims=32)
    coords = torch.rand(2, T, 2 * K, requires_grad=True)
    samples = []
    for _ in range(2):
        sample = PoseDataSample(metainfo=dict(heatmap_size=(S, S)))
        sample.gt_instances = InstanceData(
            heatmap_keypoints=torch.rand(T, K, 2) * (S - 1),
            keypoints_visible=torch.zeros(T, K))
        samples.append(sample)
    with pytest.warns(UserWarning, match='DeciWatchHead: every keypoint'):
        losses = head.loss(coords, samples)
    total = sum(losses.values())
    assert total.item() == 0.0
    total.backward()
    assert torch.isfinite(coords.grad).all()
