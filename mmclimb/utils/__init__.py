from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .config_check import (READ_KEYS, unread_config_keys,
                           warn_unread_config_keys)
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .dist import (dist_env_from_launcher, distributed, setup_distributed,
                   split_batch_across_ranks)
from .precision import (PRECISIONS, cpu_bf16_units, device_has_bf16,
                        precision_context, resolve_precision)
from .smoothnet_converter import (OFFICIAL_SMOOTHNET_RULES,
                                  convert_official_smoothnet,
                                  smoothnet_settings)
from .state_dict_rules import rename_by_rules
from .threads import configure_threads, default_num_threads

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'OFFICIAL_DECIWATCH_RULES',
    'OFFICIAL_SMOOTHNET_RULES', 'PRECISIONS', 'READ_KEYS',
    'allow_checkpoint_globals', 'configure_threads',
    'convert_official_deciwatch', 'convert_official_smoothnet',
    'cpu_bf16_units', 'default_num_threads', 'device_has_bf16',
    'dist_env_from_launcher', 'distributed', 'precision_context',
    'rename_by_rules', 'resolve_precision', 'setup_distributed',
    'smoothnet_settings', 'split_batch_across_ranks', 'unread_config_keys',
    'warn_unread_config_keys'
]
