from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .checkpoint_loading import (CheckpointMismatchError, StateDictMismatch,
                                 checked_state_dict, count_parameters,
                                 load_model_checkpoint, state_dict_mismatch,
                                 strip_module_prefix, use_checked_loading)
from .cli import (DEBUG_ENV, USER_ERRORS, add_debug_argument,
                  device_argument, run_main)
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .device import check_device
from .dist import dist_env_from_launcher, distributed, setup_distributed

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'CheckpointMismatchError', 'DEBUG_ENV',
    'OFFICIAL_DECIWATCH_RULES', 'StateDictMismatch', 'USER_ERRORS',
    'add_debug_argument', 'allow_checkpoint_globals', 'check_device',
    'checked_state_dict', 'convert_official_deciwatch', 'count_parameters',
    'device_argument', 'dist_env_from_launcher', 'distributed',
    'load_model_checkpoint', 'run_main', 'setup_distributed',
    'state_dict_mismatch', 'strip_module_prefix', 'use_checked_loading'
]
