from .seeded_index import SeededIndex, epoch_seed
from .window_seed_sampler import WindowSeedSampler

__all__ = ['SeededIndex', 'WindowSeedSampler', 'epoch_seed']
