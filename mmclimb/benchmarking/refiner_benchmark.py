"""Speed, cost and memory of one refiner config.

Symbols: B windows per call, L frames per window, K keypoints, H x W
heatmaps; a refiner takes heatmap windows (B, L, K, H, W) or coordinate
windows (B, L, 2K) (:class:`~mmclimb.apis.RefinerSettings`).

Contract:
    :class:`RefinerBenchmark` builds the refiner of a config with
    :func:`~mmclimb.apis.init_refiner` (random weights unless a checkpoint
    is given: speed does not depend on the weights) and measures

    - :meth:`~RefinerBenchmark.window_seconds`: seconds per window of an
      inference call on a batch of B random windows (median after warm-up),
      in float32 or under bfloat16 / float16 autocast;
    - :meth:`~RefinerBenchmark.onnxruntime_window_seconds`: the same for
      the head's ONNX graph (:func:`~mmclimb.apis.export_onnx`, exported
      once) run by onnxruntime on the CPU with a given number of threads;
    - :meth:`~RefinerBenchmark.flops_per_window`: counted operations of one
      window (:func:`.count_flops`);
    - :meth:`~RefinerBenchmark.profile_table` and
      :meth:`~RefinerBenchmark.training_profile_table`: the
      ``torch.profiler`` operator tables of inference calls and of a
      training step (where the time goes);
    - :meth:`~RefinerBenchmark.sequence_fps`: frames per second refining
      one long synthetic keypoint sequence end to end through
      :func:`~mmclimb.apis.refine_sequence` (input rendering, windows,
      averaging), batched or one window per call;
    - :meth:`~RefinerBenchmark.training_step`: one training step at batch B
      on the config's own training data and loader settings, split into the
      wait for the data loader and the compute (the model's ``train_step``
      with the config's optimizer wrapper: forward, backward, update; for
      bf16 the wrapper ``tools/train.py --amp`` uses, bf16 autocast), and
      the step's peak memory (:class:`.PeakMemory`).

    The refiner's default precision on the device is
    ``refine_settings.precision`` (:func:`~mmclimb.apis.init_refiner`,
    ``'auto'``).
"""
import time
from contextlib import contextmanager, nullcontext
from typing import Dict, Optional

import numpy as np
import torch
from mmengine.optim import OptimWrapper, build_optim_wrapper
from mmengine.runner import Runner

from mmclimb.apis import (export_onnx, init_refiner, onnxruntime_session,
                          refine_sequence)
from mmclimb.models.heads import BaseFilterHead
from .flop_count import count_flops
from .peak_memory import PeakMemory
from .timing import median_seconds, synchronize

__all__ = ['RefinerBenchmark', 'synthetic_keypoint_sequence']

AUTOCAST_DTYPES = dict(fp32=None, bf16=torch.bfloat16, fp16=torch.float16)


def synthetic_keypoint_sequence(num_frames: int,
                                num_keypoints: int = 25,
                                seed: int = 0) -> np.ndarray:
    """A person-like keypoint track for throughput runs.

    Args:
        num_frames (int): T.
        num_keypoints (int): K. Defaults to 25.
        seed (int): Random seed. Defaults to 0.

    Returns:
        np.ndarray: (T, K, 3) float32 ``x, y, score``: a fixed 25-point
        layout about 400 px tall drifting slowly across a 1920 x 1080 frame,
        with 2 px per-frame jitter and scores in [0.5, 1].
    """
    rng = np.random.default_rng(seed)
    layout = rng.uniform([-80, -200], [80, 200], (num_keypoints, 2))
    time_axis = np.arange(num_frames)[:, None]
    centre = np.concatenate([
        960 + 400 * np.sin(time_axis / 300.0),
        540 + 100 * np.sin(time_axis / 170.0)
    ], axis=1)
    xy = centre[:, None] + layout + rng.normal(0, 2, (num_frames,
                                                      num_keypoints, 2))
    score = rng.uniform(0.5, 1.0, (num_frames, num_keypoints, 1))
    return np.concatenate([xy, score], axis=-1).astype(np.float32)


class RefinerBenchmark:
    """Measurements of one refiner config on one device.

    Args:
        config (str): A refiner config (``configs/*.py``).
        device (str): ``'cpu'`` or ``'cuda'``. Defaults to ``'cpu'``.
        checkpoint (str, optional): Weights; random when None.
        cfg_options (dict, optional): Config overrides (e.g. a data root).
    """

    def __init__(self,
                 config: str,
                 device: str = 'cpu',
                 checkpoint: Optional[str] = None,
                 cfg_options: Optional[dict] = None):
        self.device = torch.device(device)
        self.refiner = init_refiner(config, checkpoint, device, cfg_options)
        self.settings = self.refiner.refine_settings
        self._onnx_graph: Optional[bytes] = None

    @property
    def is_filter(self) -> bool:
        """A classical filter (whole-sequence, nothing to train)."""
        return isinstance(self.refiner.head, BaseFilterHead)

    @property
    def trainable(self) -> bool:
        """The refiner has parameters to train."""
        return any(p.requires_grad for p in self.refiner.parameters())

    def random_windows(self, batch_size: int) -> torch.Tensor:
        """B random input windows in the refiner's input kind.

        Returns:
            Tensor: (B, L, K, H, W) heatmaps or (B, L, 2K) coordinates in
            [0, 1], on the benchmark's device.
        """
        generator = torch.Generator().manual_seed(batch_size)
        return torch.rand(
            self.settings.window_shape(batch_size),
            generator=generator).to(self.device)

    def _autocast(self, precision: str):
        """The autocast context of ``precision`` ('fp32', 'bf16', 'fp16')."""
        dtype = AUTOCAST_DTYPES[precision]
        if dtype is None:
            return nullcontext()
        return torch.autocast(self.device.type, dtype=dtype)

    def _infer(self, windows: torch.Tensor, precision: str):
        with torch.inference_mode(), self._autocast(precision):
            return self.refiner(windows, None, mode='tensor')

    def window_seconds(self,
                       batch_size: int,
                       precision: str = 'fp32',
                       repeats: int = 5) -> float:
        """Seconds per window of one inference call on B windows.

        Args:
            batch_size (int): B.
            precision (str): ``'fp32'``, ``'bf16'`` or ``'fp16'``
                (autocast). Defaults to ``'fp32'``.
            repeats (int): Timed calls (median). Defaults to 5.

        Returns:
            float: The median call time divided by B.
        """
        windows = self.random_windows(batch_size)
        seconds = median_seconds(
            lambda: self._infer(windows, precision),
            repeats=repeats,
            device=self.device)
        return seconds / batch_size

    def onnxruntime_window_seconds(self,
                                   batch_size: int,
                                   num_threads: Optional[int] = None,
                                   repeats: int = 5) -> float:
        """Seconds per window of one onnxruntime call on B windows.

        Args:
            batch_size (int): B.
            num_threads (int, optional): onnxruntime's intra-op threads;
                None is its default.
            repeats (int): Timed calls (median). Defaults to 5.

        Returns:
            float: The median call time divided by B.
        """
        if self._onnx_graph is None:
            self._onnx_graph = export_onnx(self.refiner.cpu())
            self.refiner.to(self.device)
        session = onnxruntime_session(self._onnx_graph, num_threads)
        feed = {
            session.get_inputs()[0].name:
            self.random_windows(batch_size).cpu().numpy()
        }
        seconds = median_seconds(
            lambda: session.run(None, feed), repeats=repeats)
        return seconds / batch_size

    def profile_table(self,
                      batch_size: int,
                      precision: str = 'fp32',
                      row_limit: int = 15) -> str:
        """``torch.profiler``'s operator table of two inference calls on B
        windows (after one untimed call), sorted by self CPU time: where
        the time goes (convolutions, element-wise work, dtype casts)."""
        from torch.profiler import profile
        windows = self.random_windows(batch_size)
        self._infer(windows, precision)
        with profile() as prof:
            for _ in range(2):
                self._infer(windows, precision)
                synchronize(self.device)
        return prof.key_averages().table(
            sort_by='self_cpu_time_total', row_limit=row_limit)

    def training_profile_table(self,
                               batch_size: int = 16,
                               precision: str = 'fp32',
                               row_limit: int = 15) -> str:
        """``torch.profiler``'s operator table of one training step (as
        :meth:`training_step` runs it, after one unprofiled step), sorted by
        self CPU time and grouped by input shape: which tensors the
        forward, backward and update spend their time on."""
        from torch.profiler import profile
        with self._training(batch_size, precision) as (step, batches):
            batch = next(batches)
            step(batch)
            with profile(record_shapes=True) as prof:
                step(batch)
                synchronize(self.device)
        return prof.key_averages(group_by_input_shape=True).table(
            sort_by='self_cpu_time_total', row_limit=row_limit,
            max_name_column_width=32, max_shapes_column_width=60)

    def flops_per_window(self) -> int:
        """Counted floating-point operations of one window."""
        windows = self.random_windows(1)
        return count_flops(lambda: self._infer(windows, 'fp32'))

    def sequence_fps(self,
                     num_frames: int,
                     batch_size: Optional[int] = None,
                     precision: str = 'fp32') -> float:
        """Frames per second refining one synthetic sequence end to end.

        Args:
            num_frames (int): T of the sequence.
            batch_size (int, optional): Windows per call; None is
                :func:`~mmclimb.apis.refine_sequence`'s default, 1 is the
                one-window-at-a-time loop.
            precision (str): ``'fp32'``, ``'bf16'`` or ``'fp16'``
                (autocast). Defaults to ``'fp32'``.

        Returns:
            float: ``T`` over the wall-clock time of one call (after one
            untimed call on a short sequence to warm up).
        """
        sequence = synthetic_keypoint_sequence(num_frames,
                                               self.settings.num_keypoints)
        # refine_sequence runs fp32 or bf16; fp16 (CUDA) autocasts around it
        inner = 'fp32' if precision == 'fp16' else precision
        with self._autocast('fp16' if precision == 'fp16' else 'fp32'):
            refine_sequence(self.refiner, sequence[:32], batch_size,
                            precision=inner)
            seconds = median_seconds(
                lambda: refine_sequence(
                    self.refiner, sequence, batch_size, precision=inner),
                warmup=0,
                repeats=1,
                device=self.device)
        return num_frames / seconds

    def _optim_wrapper(self, precision: str = 'fp32') -> OptimWrapper:
        """The config's optimizer wrapper, as the Runner builds it; for
        ``'bf16'`` the one of ``tools/train.py --amp`` in bf16."""
        cfg = dict(self.refiner.cfg.optim_wrapper)
        if precision == 'bf16':
            cfg['type'] = 'CPUAmpOptimWrapper'
            if self.device.type == 'cuda':
                cfg.update(type='AmpOptimWrapper', dtype='bfloat16')
        elif precision != 'fp32':
            raise ValueError(f"training precision must be 'fp32' or 'bf16', "
                             f'got {precision!r}')
        return build_optim_wrapper(self.refiner, cfg)

    def _train_loader(self, batch_size: int):
        """The config's training loader at batch B (its own workers)."""
        loader = dict(self.refiner.cfg.train_dataloader)
        loader['batch_size'] = batch_size
        return Runner.build_dataloader(loader, seed=0)

    @contextmanager
    def _training(self, batch_size: int, precision: str):
        """The refiner in training mode with the config's optimizer wrapper
        and loader at batch B: yields ``(step, batches)``, ``step(batch)``
        one ``train_step``; back in eval mode (and the loader's workers
        released) after the block."""
        model = self.refiner.train()
        optim_wrapper = self._optim_wrapper(precision)
        batches = iter(self._train_loader(batch_size))
        try:
            yield (lambda batch: model.train_step(batch, optim_wrapper),
                   batches)
        finally:
            model.eval()
            del batches

    def training_step(self,
                      batch_size: int = 16,
                      iterations: int = 6,
                      warmup: int = 2,
                      precision: str = 'fp32') -> Dict[str, float]:
        """Time and memory of training steps on the config's data.

        Args:
            batch_size (int): B. Defaults to 16.
            iterations (int): Measured steps. Defaults to 6.
            warmup (int): Unmeasured steps first (worker start-up, caches).
                Defaults to 2.
            precision (str): ``'fp32'`` or ``'bf16'`` (the forward under
                bf16 autocast, as ``tools/train.py --amp``). Defaults to
                ``'fp32'``.

        Returns:
            dict: ``data_s`` and ``compute_s`` (mean seconds per step
            waiting for the loader and computing), ``step_s`` (their sum),
            ``data_fraction`` and ``peak_memory_bytes``.
        """
        data_s, compute_s = [], []
        with self._training(batch_size, precision) as (step, batches), \
                PeakMemory(self.device) as peak:
            for index in range(warmup + iterations):
                start = time.perf_counter()
                batch = next(batches)
                loaded = time.perf_counter()
                step(batch)
                synchronize(self.device)
                if index >= warmup:
                    data_s.append(loaded - start)
                    compute_s.append(time.perf_counter() - loaded)
        data_mean, compute_mean = np.mean(data_s), np.mean(compute_s)
        return dict(
            data_s=float(data_mean),
            compute_s=float(compute_mean),
            step_s=float(data_mean + compute_mean),
            data_fraction=float(data_mean / (data_mean + compute_mean)),
            peak_memory_bytes=int(peak.bytes))
