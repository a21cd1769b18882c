import pytest
from mmengine.config import Config

from mmclimb.apis import RefinerSettings


def test_heatmap_and_coordinate_configs():
    heatmaps = RefinerSettings.from_config(
        Config.fromfile('configs/conv3d_climb.py'))
    assert heatmaps.input_kind == 'heatmaps'
    assert (heatmaps.seq_len, heatmaps.heatmap_size) == (5, (56, 56))
    assert heatmaps.num_keypoints == 25 and heatmaps.render_sigma == 1.0
    assert heatmaps.normalize['mode'] == 'sum' and heatmaps.decode is None
    coords = RefinerSettings.from_config(
        Config.fromfile('configs/one_euro_climb.py'))
    assert coords.input_kind == 'coordinates'
    assert coords.decode['type'] == 'DecodeHeatmaps'


def test_config_without_a_test_loader():
    cfg = Config(dict(model=dict(type='TemporalPoseEstimator',
                                 head=dict(type='IdentityHead'))))
    with pytest.raises(ValueError, match='needs a test_dataloader'):
        RefinerSettings.from_config(cfg)


def test_window_weighting_is_read_and_checked():
    cfg = Config.fromfile('configs/general/deciwatch_general.py')
    assert RefinerSettings.from_config(cfg).window_weighting == 'centre'
    assert RefinerSettings.from_config(
        Config.fromfile('configs/deciwatch_climb.py')
    ).window_weighting == 'uniform'
    cfg.inference_window_weighting = 'median'
    with pytest.raises(ValueError, match='inference_window_weighting must '
                       r"be one of \('uniform', 'centre'\), got 'median'"):
        RefinerSettings.from_config(cfg)


def test_edge_padding_is_read_and_checked():
    cfg = Config.fromfile('configs/general/deciwatch_general.py')
    assert RefinerSettings.from_config(cfg).edge_padding == 10
    assert RefinerSettings.from_config(
        Config.fromfile('configs/deciwatch_climb.py')).edge_padding == 0
    for bad in (-1, 2.5, True, '10'):
        cfg.inference_edge_padding = bad
        with pytest.raises(ValueError, match='inference_edge_padding must '
                           'be an int >= 0'):
            RefinerSettings.from_config(cfg)
