"""Torso PCK, position and acceleration errors of refined pose windows.

Symbols: T frames per window, K keypoints, (W, H) heatmap size, A
thresholds. Each data sample is one window of T frames
(``docs/climbalong_format.md``); all frames flagged ``valid`` of all
windows are pooled, so a frame covered by several overlapping windows counts
once per window, as in the thesis.

The thesis PCK (``PCK@<thr>``) scores positions in heatmap coordinates under
one of two protocols (:data:`PCK_PROTOCOLS`):

- ``'thesis'``: as the thesis scored its refiners. The ground truth is the
  integer argmax of its target heatmap (the projection rounded to the
  grid); a prediction tagged ``prediction_source='heatmaps'`` is the
  integer argmax of its refined heatmap (rounded to the grid); a
  prediction tagged ``'coordinates'`` (DeciWatch, the classical filters) is
  scored as it is, continuous
  (:mod:`mmclimb.structures.prediction_source`).
- ``'strict_integer'``: every prediction rounded to the grid, also
  continuous coordinates, so that all refiners are scored on integer
  positions.
"""
import logging
from collections import defaultdict
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log
from mmengine.structures import BaseDataElement
from mmpose.registry import METRICS

from mmclimb.structures import (COORDINATE_PREDICTION, PREDICTION_SOURCE_KEY,
                                PREDICTION_SOURCES)

from ..functional import (acceleration_error_map, mean_keypoint_error,
                          snap_to_grid, torso_pck)

__all__ = ['ClimbPCKMetric', 'PCK_PROTOCOLS']

DEFAULT_HEATMAP_SIZE = (56, 56)

#: The protocols of the thesis PCK, see the module docstring.
PCK_PROTOCOLS = ('thesis', 'strict_integer')


def _to_numpy(value) -> np.ndarray:
    """A tensor, array or nested sequence as a numpy array."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return np.asarray(value)


def _grid_positions(value, heatmap_size: np.ndarray,
                    shape: tuple) -> np.ndarray:
    """Heatmap coordinates as int16 grid positions of shape ``shape``."""
    snapped = snap_to_grid(_to_numpy(value), heatmap_size)
    return snapped.astype(np.int16).reshape(shape)


def _valid_frames(value, num_frames: int) -> np.ndarray:
    """The (T,) bool ``valid`` flags, all True when ``value`` is None."""
    if value is None:
        return np.ones(num_frames, dtype=bool)
    return _to_numpy(value).astype(bool).reshape(num_frames)


def _threshold_key(name: str, thr: float) -> str:
    """Metric name for a threshold, e.g. ``'PCK@0.05'``."""
    return f'{name}@{thr:g}'


def _prediction_source(pred: dict) -> str:
    """The ``prediction_source`` of a window's ``pred_instances``.

    Raises:
        ValueError: When the field is missing or not one of
            :data:`~mmclimb.structures.PREDICTION_SOURCES`.
    """
    source = pred.get(PREDICTION_SOURCE_KEY)
    if source not in PREDICTION_SOURCES:
        raise ValueError(
            f'ClimbPCKMetric: pred_instances field {PREDICTION_SOURCE_KEY!r} '
            f'is {source!r}; expected one of {PREDICTION_SOURCES} (the '
            'temporal heads set it in their metainfo; a sample built by '
            'hand must set it, or use protocol="strict_integer", which '
            'rounds every prediction)')
    return source


@METRICS.register_module()
class ClimbPCKMetric(BaseMetric):
    """The thesis metric (torso PCK on the heatmap grid) and companions.

    Each data sample (a dict, as mmengine's ``Evaluator`` passes it) is one
    window of T frames with

    - ``pred_instances``: ``keypoints`` (T, K, 2) image pixels,
      ``heatmap_keypoints`` (T, K, 2) heatmap coordinates and
      ``prediction_source`` (``'heatmaps'`` or ``'coordinates'``, set by
      every temporal head; needed by the ``'thesis'`` protocol only);
    - ``gt_instances``: ``keypoints`` (T, K, 2) image pixels,
      ``keypoints_visible`` (T, K) annotation flags and
      ``heatmap_keypoints`` (T, K, 2) the ground truth projected into the
      box and clipped to the grid;
    - metainfo ``valid`` (T,) bool (padding frames are False and never
      count; all True if absent) and ``heatmap_size`` (W, H) (default
      (56, 56)).

    Values may be numpy arrays or torch tensors.

    Output keys (PCK in percent, 0-100; NaN when nothing is counted):

    - ``PCK@<thr>``: the thesis metric, torso PCK in heatmap coordinates.
      The ground truth is rounded to the nearest pixel centre (halves up)
      and clipped to the grid, which is the argmax of its target heatmap.
      With ``protocol='thesis'`` (default) a heatmap refiner's prediction
      is rounded the same way (its integer argmax) and a coordinate
      refiner's is scored as it is, continuous, as the thesis scored
      DeciWatch; with ``protocol='strict_integer'`` every
      prediction is rounded;
    - ``PCK_px@<thr>``: torso PCK in image pixels, sub-pixel positions;
    - ``MPJPE_px``: mean keypoint error in image pixels;
    - ``accel_err``: acceleration error in image pixels per frame^2,
      within each window;
    - ``PCK@<per_keypoint_thr>/<name>``: per keypoint, heatmap grid, only
      when ``per_keypoint`` is True; names from
      ``dataset_meta['keypoint_id2name']``, else ``kpt_<k>``.

    Args:
        thresholds (Sequence[float]): PCK thresholds as fractions of the
            torso diameter. Defaults to ``(0.05, 0.1, 0.2)``.
        per_keypoint (bool): Whether to report the PCK of every keypoint.
            Defaults to False.
        per_keypoint_thr (float): The threshold of the per-keypoint PCK.
            Defaults to 0.1.
        protocol (str): How ``PCK@<thr>`` treats predicted positions,
            ``'thesis'`` or ``'strict_integer'`` (see above). Defaults to
            ``'thesis'``.
        collect_device (str): Device to gather results on in distributed
            evaluation, ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the output keys, joined with
            ``'/'``. Defaults to None (no prefix).
    """

    default_prefix: Optional[str] = None

    def __init__(self,
                 thresholds: Sequence[float] = (0.05, 0.1, 0.2),
                 per_keypoint: bool = False,
                 per_keypoint_thr: float = 0.1,
                 protocol: str = 'thesis',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.thresholds = tuple(float(t) for t in thresholds)
        if not self.thresholds:
            raise ValueError('ClimbPCKMetric needs at least one threshold')
        if protocol not in PCK_PROTOCOLS:
            raise ValueError(f'ClimbPCKMetric: protocol must be one of '
                             f'{PCK_PROTOCOLS}, got {protocol!r}')
        self.protocol = protocol
        self.per_keypoint = per_keypoint
        self.per_keypoint_thr = float(per_keypoint_thr)

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Store the arrays of each window of ``data_samples``.

        Args:
            data_batch: The batch from the dataloader (unused).
            data_samples (Sequence[dict]): One dict per window, see the
                class docstring.
        """
        for sample in data_samples:
            if isinstance(sample, BaseDataElement):
                sample = sample.to_dict()
            self.results.append(self._window_arrays(sample))

    def _window_arrays(self, sample: dict) -> Dict[str, np.ndarray]:
        """The numpy arrays of one window that the metrics need.

        Returns:
            dict: ``pred_px``, ``gt_px`` (T, K, 2) float64 image pixels;
            ``gt_hm`` (T, K, 2) int16 grid positions; ``pred_hm`` (T, K, 2)
            int16 grid positions, or float64 heatmap coordinates for a
            coordinate prediction under the ``'thesis'`` protocol;
            ``visible`` (T, K) bool; ``valid`` (T,) bool.
        """
        pred, gt = sample['pred_instances'], sample['gt_instances']
        gt_px = _to_numpy(gt['keypoints']).astype(np.float64)
        shape = gt_px.shape  # (T, K, 2)
        size = _to_numpy(sample.get('heatmap_size', DEFAULT_HEATMAP_SIZE))
        visible = _to_numpy(gt['keypoints_visible']) > 0
        return dict(
            pred_px=_to_numpy(pred['keypoints']).astype(
                np.float64).reshape(shape),
            gt_px=gt_px,
            pred_hm=self._predicted_positions(pred, size, shape),
            gt_hm=_grid_positions(gt['heatmap_keypoints'], size, shape),
            visible=visible.reshape(shape[:2]),
            valid=_valid_frames(sample.get('valid'), shape[0]))

    def _predicted_positions(self, pred: dict, heatmap_size: np.ndarray,
                             shape: tuple) -> np.ndarray:
        """A window's predicted heatmap positions as the protocol scores them.

        Args:
            pred (dict): The window's ``pred_instances``.
            heatmap_size (np.ndarray): (W, H) of the grid.
            shape (tuple): (T, K, 2).

        Returns:
            np.ndarray: (T, K, 2) int16 grid positions, or float64
            coordinates as predicted for a coordinate refiner under the
            ``'thesis'`` protocol.
        """
        coords = pred['heatmap_keypoints']
        if (self.protocol == 'thesis'
                and _prediction_source(pred) == COORDINATE_PREDICTION):
            return _to_numpy(coords).astype(np.float64).reshape(shape)
        return _grid_positions(coords, heatmap_size, shape)

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Compute the metrics over all valid frames of all windows.

        Args:
            results (List[dict]): The per-window arrays from
                :meth:`process`, gathered from all ranks.

        Returns:
            Dict[str, float]: See the class docstring for the keys.
        """
        if not results:
            return self._nan_metrics()
        frames = self._pool_valid_frames(results)
        heatmap_pck = torso_pck(frames['pred_hm'], frames['gt_hm'],
                                frames['visible'], self._all_thresholds())
        pixel_pck = torso_pck(frames['pred_px'], frames['gt_px'],
                              frames['visible'], self.thresholds)
        metrics = {}
        metrics.update(self._pooled_keys('PCK', heatmap_pck))
        metrics.update(self._pooled_keys('PCK_px', pixel_pck))
        metrics['MPJPE_px'] = mean_keypoint_error(frames['pred_px'],
                                                  frames['gt_px'],
                                                  frames['visible'])
        metrics['accel_err'] = self._acceleration_error(results)
        if self.per_keypoint:
            metrics.update(self._per_keypoint_keys(heatmap_pck))
        self._log_table(metrics, heatmap_pck, len(results),
                        len(frames['valid']))
        return metrics

    def _all_thresholds(self) -> tuple:
        """The thresholds, plus the per-keypoint one when it is needed."""
        if self.per_keypoint:
            return tuple(
                dict.fromkeys(self.thresholds + (self.per_keypoint_thr, )))
        return self.thresholds

    @staticmethod
    def _pool_valid_frames(results: List[dict]) -> Dict[str, np.ndarray]:
        """Concatenate the valid frames of all windows along one axis."""
        valid = np.concatenate([r['valid'] for r in results])
        return {
            key: np.concatenate([r[key] for r in results])[valid]
            for key in results[0]
        }

    def _pooled_keys(self, name: str, pck: dict) -> Dict[str, float]:
        """``{'<name>@<thr>': percent}`` for each of ``self.thresholds``."""
        return {
            _threshold_key(name, thr): 100.0 * pck['pck'][thr]
            for thr in self.thresholds
        }

    def _per_keypoint_keys(self, pck: dict) -> Dict[str, float]:
        """``{'PCK@<thr>/<name>': percent}`` for every keypoint."""
        values = pck['pck_per_keypoint'][self.per_keypoint_thr]
        names = self._keypoint_names(len(values))
        prefix = _threshold_key('PCK', self.per_keypoint_thr)
        return {
            f'{prefix}/{name}': 100.0 * float(value)
            for name, value in zip(names, values)
        }

    def _keypoint_names(self, num_keypoints: int) -> List[str]:
        """Names from ``dataset_meta['keypoint_id2name']``, else ``kpt_k``."""
        id2name = (self.dataset_meta or {}).get('keypoint_id2name') or {}
        return [id2name.get(k, f'kpt_{k}') for k in range(num_keypoints)]

    @staticmethod
    def _acceleration_error(results: List[dict]) -> float:
        """Acceleration error in image pixels, pooled over all windows.

        Windows are stacked by length, so windows of different T may mix.
        """
        by_length = defaultdict(list)
        for result in results:
            by_length[len(result['valid'])].append(result)
        errors = []
        for windows in by_length.values():
            error, mask = acceleration_error_map(
                *(np.stack([w[key] for w in windows])
                  for key in ('pred_px', 'gt_px', 'visible', 'valid')))
            errors.append(error[mask])
        counted = np.concatenate(errors)
        if counted.size == 0:
            print_log(
                'ClimbPCKMetric: no keypoint has three consecutive valid '
                'annotated frames; accel_err is NaN',
                logger='current',
                level=logging.WARNING)
            return float('nan')
        return float(counted.mean())

    def _nan_metrics(self) -> Dict[str, float]:
        """The pooled keys, all NaN, for an evaluation without windows."""
        metrics = {
            _threshold_key(name, thr): float('nan')
            for name in ('PCK', 'PCK_px') for thr in self.thresholds
        }
        metrics.update(MPJPE_px=float('nan'), accel_err=float('nan'))
        return metrics

    def _log_table(self, metrics: Dict[str, float], heatmap_pck: dict,
                   num_windows: int, num_frames: int) -> None:
        """Log the pooled PCK and the errors as a short table."""
        header = ''.join(f'{_threshold_key("", t):>9}'
                         for t in self.thresholds)
        rows = [
            f'{name:<8}' + ''.join(f'{metrics[_threshold_key(name, t)]:9.2f}'
                                   for t in self.thresholds)
            for name in ('PCK', 'PCK_px')
        ]
        print_log(
            '\n'.join([
                f'ClimbPCKMetric: {num_windows} windows, {num_frames} valid '
                f'frames, {heatmap_pck["num_frames"]} with a full torso, '
                f'{heatmap_pck["num_counted"]} keypoints counted; PCK under '
                f'the {self.protocol!r} protocol',
                f'{"":<8}{header}', *rows,
                f'MPJPE_px {metrics["MPJPE_px"]:.3f}   '
                f'accel_err {metrics["accel_err"]:.3f}'
            ]),
            logger='current')
