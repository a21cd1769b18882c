from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .dist import dist_env_from_launcher, distributed, setup_distributed

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'allow_checkpoint_globals',
    'dist_env_from_launcher', 'distributed', 'setup_distributed'
]
