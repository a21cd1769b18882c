from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .dist import dist_env_from_launcher, distributed, setup_distributed

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'OFFICIAL_DECIWATCH_RULES',
    'allow_checkpoint_globals', 'convert_official_deciwatch',
    'dist_env_from_launcher', 'distributed', 'setup_distributed'
]
