"""Measuring refiners: latency, counted FLOPs against the measured peak,
sequence throughput, training step time and memory (``tools/benchmark.py``).
"""
from .flop_count import count_flops
from .matmul_peak import matmul_peak_gflops
from .peak_memory import PeakMemory, current_in_use, current_rss
from .refiner_benchmark import RefinerBenchmark, synthetic_keypoint_sequence
from .timing import median_seconds, synchronize, torch_threads

__all__ = [
    'count_flops', 'matmul_peak_gflops', 'PeakMemory', 'current_in_use',
    'current_rss', 'RefinerBenchmark', 'synthetic_keypoint_sequence',
    'median_seconds', 'synchronize', 'torch_threads'
]
