from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .config_check import (READ_KEYS, unread_config_keys,
                           warn_unread_config_keys)
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .threads import configure_threads, default_num_threads
from .dist import (dist_env_from_launcher, distributed, setup_distributed,
                   split_batch_across_ranks)

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'OFFICIAL_DECIWATCH_RULES',
    'allow_checkpoint_globals', 'convert_official_deciwatch',
    'dist_env_from_launcher', 'distributed', 'setup_distributed',
    'split_batch_across_ranks', 'READ_KEYS', 'unread_config_keys',
    'warn_unread_config_keys', 'configure_threads', 'default_num_threads'
]
