from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .dist import dist_env_from_launcher, distributed, setup_distributed
from .smoothnet_converter import (OFFICIAL_SMOOTHNET_RULES,
                                  convert_official_smoothnet,
                                  smoothnet_settings)
from .state_dict_rules import rename_by_rules

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'OFFICIAL_DECIWATCH_RULES',
    'OFFICIAL_SMOOTHNET_RULES', 'allow_checkpoint_globals',
    'convert_official_deciwatch', 'convert_official_smoothnet',
    'dist_env_from_launcher', 'distributed', 'rename_by_rules',
    'setup_distributed', 'smoothnet_settings'
]
