"""Top-level config keys that nothing reads.

mmengine's :class:`~mmengine.runner.Runner` reads a fixed set of top-level
keys and ignores the rest, so a misspelt one (``randomnes=dict(seed=1)``)
silently leaves the default in place. :func:`unread_config_keys` lists the
keys of a config that are neither read (:data:`READ_KEYS`: the runner's and
mmclimb's tools') nor defined by one of the config's ``_base_`` files (the
shared variables of those files, e.g. ``train_pipeline`` or ``refiner``,
which configs interpolate) nor helper variables of the config itself (a
value that reappears inside a read key, as a pipeline list assigned to the
data loaders does); names starting with ``_`` are private helpers by
convention. :func:`warn_unread_config_keys` warns once, listing them.
"""
import os.path as osp
import warnings
from typing import List, Set

from mmengine.config import Config

__all__ = ['READ_KEYS', 'unread_config_keys', 'warn_unread_config_keys']

#: Top-level keys read by mmengine 0.10.7's ``Runner`` (``from_cfg`` and
#: the runner itself) and by mmclimb's tools (``partial_load``:
#: :func:`~mmclimb.utils.use_checked_loading`; ``inference_precision`` and
#: ``inference_window_weighting``, ``inference_edge_padding``:
#: :class:`~mmclimb.apis.RefinerSettings`).
READ_KEYS = frozenset({
    'activation_checkpointing', 'auto_scale_lr', 'backend_args', 'compile',
    'custom_hooks', 'custom_imports', 'data_preprocessor', 'default_hooks',
    'default_scope', 'efficient_conv_bn_eval', 'env_cfg', 'experiment_name',
    'find_unused_parameters', 'inference_precision',
    'inference_edge_padding', 'inference_window_weighting', 'launcher',
    'load_from', 'log_level', 'log_processor', 'model', 'model_wrapper_cfg',
    'optim_wrapper', 'param_scheduler', 'partial_load', 'randomness',
    'resume', 'sync_bn', 'test_cfg',
    'test_dataloader', 'test_evaluator', 'train_cfg', 'train_dataloader',
    'val_cfg', 'val_dataloader', 'val_evaluator', 'vis_backends',
    'visualizer', 'work_dir'
})


def _base_keys(filename: str, seen: Set[str]) -> Set[str]:
    """The top-level keys the ``_base_`` files of ``filename`` define."""
    keys: Set[str] = set()
    for base in Config._get_base_files(filename):
        path = osp.normpath(osp.join(osp.dirname(filename), base))
        if path in seen or not osp.isfile(path):
            continue
        seen.add(path)
        keys |= set(Config.fromfile(path).keys())
    return keys


def _nested_values(value, out: list) -> list:
    """Every dict value and list item inside ``value``, recursively."""
    items = value.values() if isinstance(value, dict) else value if \
        isinstance(value, (list, tuple)) else ()
    for item in items:
        out.append(item)
        _nested_values(item, out)
    return out


def unread_config_keys(cfg: Config) -> List[str]:
    """The top-level keys of ``cfg`` that nothing reads.

    Args:
        cfg (Config): A config loaded with ``Config.fromfile`` (its
            ``filename`` names the file whose ``_base_`` files are read).

    Returns:
        list[str]: Sorted key names; empty when every key is read.
    """
    known = set(READ_KEYS)
    if cfg.filename and osp.isfile(cfg.filename):
        known |= _base_keys(osp.abspath(cfg.filename), set())
    candidates = [
        key for key in cfg.keys()
        if key not in known and not key.startswith('_')
    ]
    if not candidates:
        return []
    read = _nested_values([cfg[key] for key in cfg.keys() if key in known],
                          [])
    return sorted(key for key in candidates
                  if not any(cfg[key] == value for value in read))


def warn_unread_config_keys(cfg: Config) -> List[str]:
    """Warn once about :func:`unread_config_keys`; return them."""
    unread = unread_config_keys(cfg)
    if unread:
        warnings.warn(
            f'{cfg.filename}: top-level config keys that nothing reads: '
            f'{", ".join(unread)} (misspelt? the runner reads '
            'e.g. randomness, train_cfg, default_hooks)')
    return unread
