"""unread_config_keys: top-level keys nothing reads are found; the shipped
configs have none."""
from pathlib import Path

import pytest
from mmengine.config import Config

from mmclimb.utils import (READ_KEYS, unread_config_keys,
                           warn_unread_config_keys)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    path for path in (REPO / 'configs').rglob('*.py')
    if '_base_' not in path.parts)


@pytest.mark.parametrize('path', SHIPPED, ids=lambda p: p.stem)
def test_shipped_configs_have_no_unread_keys(path):
    assert unread_config_keys(Config.fromfile(str(path))) == []


def test_misspelt_keys_are_listed_once():
    cfg = Config.fromfile(str(REPO / 'configs' / 'deciwatch_climb.py'))
    cfg.merge_from_dict(dict(randomnes=dict(seed=1), max_epoch=3))
    with pytest.warns(UserWarning) as record:
        assert warn_unread_config_keys(cfg) == ['max_epoch', 'randomnes']
    assert len(record) == 1
    assert 'max_epoch, randomnes' in str(record[0].message)


def test_helper_variables_of_the_config_are_read():
    # biconvlstm_s_climb.py defines max_scaled_pipeline for its loaders
    cfg = Config.fromfile(str(REPO / 'configs' / 'biconvlstm_s_climb.py'))
    assert 'max_scaled_pipeline' in cfg
    assert unread_config_keys(cfg) == []
    cfg.max_scaled_pipeline = [dict(type='NormalizeHeatmaps')]  # now unused
    assert unread_config_keys(cfg) == ['max_scaled_pipeline']


def test_partial_load_is_read():
    # use_checked_loading reads it (tools/train.py, tools/test.py)
    cfg = Config.fromfile(str(REPO / 'configs' / 'deciwatch_climb.py'))
    # (values other keys hold, such as True, count as read helpers: the
    # misspelt key gets a value of its own)
    assert 'partial_load' in READ_KEYS
    cfg.merge_from_dict(dict(partial_load=True, partial_lod=0.4321))
    assert unread_config_keys(cfg) == ['partial_lod']
