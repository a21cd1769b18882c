from .checkpoint import CHECKPOINT_SAFE_GLOBALS, allow_checkpoint_globals
from .deciwatch_converter import (OFFICIAL_DECIWATCH_RULES,
                                  convert_official_deciwatch)
from .dist import dist_env_from_launcher, distributed, setup_distributed
from .precision import (PRECISIONS, cpu_bf16_units, device_has_bf16,
                        precision_context, resolve_precision)
from .smoothnet_converter import (OFFICIAL_SMOOTHNET_RULES,
                                  convert_official_smoothnet,
                                  smoothnet_settings)
from .state_dict_rules import rename_by_rules

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'OFFICIAL_DECIWATCH_RULES',
    'OFFICIAL_SMOOTHNET_RULES', 'PRECISIONS', 'allow_checkpoint_globals',
    'convert_official_deciwatch', 'convert_official_smoothnet',
    'cpu_bf16_units', 'device_has_bf16', 'dist_env_from_launcher',
    'distributed', 'precision_context', 'rename_by_rules',
    'resolve_precision', 'setup_distributed', 'smoothnet_settings'
]
