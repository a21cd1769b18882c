from .allocator import (ALLOCATOR_ENV, ALLOCATOR_MODES, allocator_mode,
                        configure_allocator)
from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .checkpoint_loading import (CheckpointMismatchError, StateDictMismatch,
                                 checked_state_dict, count_parameters,
                                 load_model_checkpoint, state_dict_mismatch,
                                 strip_module_prefix, use_checked_loading)
from .cli import (DEBUG_ENV, USER_ERRORS, add_debug_argument, device_argument,
                  run_main)
from .config_check import (READ_KEYS, unread_config_keys,
                           warn_unread_config_keys)
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .device import check_device
from .dist import (dist_env_from_launcher, distributed, setup_distributed,
                   split_batch_across_ranks)
from .precision import (PRECISIONS, EmulatedBf16Warning, cpu_bf16_units,
                        device_has_bf16, precision_context, resolve_precision,
                        warn_if_emulated_bf16)
from .smoothnet_converter import (OFFICIAL_SMOOTHNET_RULES,
                                  convert_official_smoothnet,
                                  smoothnet_settings)
from .state_dict_rules import rename_by_rules
from .threads import configure_threads, default_num_threads

__all__ = [
    'ALLOCATOR_ENV', 'ALLOCATOR_MODES', 'CHECKPOINT_SAFE_GLOBALS',
    'CheckpointMismatchError', 'DEBUG_ENV', 'EmulatedBf16Warning',
    'OFFICIAL_DECIWATCH_RULES',
    'OFFICIAL_SMOOTHNET_RULES', 'PRECISIONS', 'READ_KEYS', 'StateDictMismatch',
    'USER_ERRORS', 'add_debug_argument', 'allocator_mode',
    'allow_checkpoint_globals', 'check_device', 'checked_state_dict',
    'configure_allocator', 'configure_threads', 'convert_official_deciwatch',
    'convert_official_smoothnet', 'count_parameters', 'cpu_bf16_units',
    'default_num_threads', 'device_argument', 'device_has_bf16',
    'dist_env_from_launcher', 'distributed', 'load_model_checkpoint',
    'precision_context', 'rename_by_rules', 'resolve_precision', 'run_main',
    'setup_distributed', 'smoothnet_settings', 'split_batch_across_ranks',
    'state_dict_mismatch', 'strip_module_prefix', 'unread_config_keys',
    'use_checked_loading', 'warn_if_emulated_bf16', 'warn_unread_config_keys'
]
