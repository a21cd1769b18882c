import pytest
import torch
from mmpose.registry import MODELS

import mmclimb  # noqa: F401
from mmclimb.models.heads import BaseFilterHead

FILTERS = ['OneEuroFilterHead', 'SavitzkyGolayFilterHead',
           'GaussianFilterHead']


@pytest.mark.parametrize('name', FILTERS)
def test_predict_maps_normalised_coordinates_to_the_heatmap(name):
    head = MODELS.build(dict(type=name, heatmap_size=(56, 40)))
    assert isinstance(head, BaseFilterHead)
    feats = torch.full((2, 5, 6), 0.5)  # constant: every filter keeps it
    preds = head.predict(feats, None)
    assert len(preds) == 2
    assert preds[0].heatmap_keypoints.shape == (5, 3, 2)
    torch.testing.assert_close(preds[1].heatmap_keypoints[..., 0],
                               torch.full((5, 3), 27.5))
    torch.testing.assert_close(preds[1].heatmap_keypoints[..., 1],
                               torch.full((5, 3), 19.5))
    torch.testing.assert_close(preds[0].keypoint_scores, torch.ones(5, 3))
    assert preds[0].prediction_source == 'coordinates'  # scored as it is


@pytest.mark.parametrize('name', FILTERS)
def test_loss_refuses(name):
    head = MODELS.build(dict(type=name))
    with pytest.raises(RuntimeError, match='no parameters to train'):
        head.loss(torch.zeros(1, 5, 50), [])
