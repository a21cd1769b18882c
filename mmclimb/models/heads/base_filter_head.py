"""Shared behaviour of the classical (non-learned) temporal filters.

Symbols: B sequences, T frames, K keypoints, C = 2K coordinates per frame
(``x0, y0, x1, y1, ...``).

A filter head smooths each coordinate channel along time. It has no
parameters, so it refines any number of frames:

- inside :class:`~mmclimb.models.TemporalPoseEstimator` on the windows of
  the coordinate pipeline
  (``configs/_base_/datasets/synthetic_climb_coords.py``: heatmap
  coordinates divided by ``(W - 1, H - 1)``, so the person's box spans
  about one unit), where ``tools/test.py`` evaluates it like any refiner;
- on a whole sequence through :func:`mmclimb.apis.refine_sequence`, which
  gives it image pixels divided by the median person-box size (the same
  units) as one (1, T, C) batch.

Parameters that depend on units (the One-Euro filter's speed coefficient)
therefore mean the same in both uses.
"""
from mmpose.utils.typing import ConfigType, OptSampleList
from torch import Tensor

from .base_temporal_coordinate_head import BaseTemporalCoordinateHead


class BaseFilterHead(BaseTemporalCoordinateHead):
    """A parameter-free smoother of coordinate sequences.

    Subclasses implement :meth:`forward`: (B, T, C) -> (B, T, C) in the
    input's units, for any T >= 1. The prediction (the output mapped to
    heatmap coordinates) is :class:`BaseTemporalCoordinateHead`'s; this
    class refuses training.

    Args:
        heatmap_size (tuple[int, int]): (W, H), to map the output back to
            heatmap coordinates in prediction. Defaults to (56, 56).
        init_cfg (dict, optional): Unused (nothing to initialise).
    """

    def loss(self,
             feats: Tensor,
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Refuse: a classical filter has nothing to learn."""
        raise RuntimeError(
            f'{type(self).__name__} is a classical filter with no '
            'parameters to train; set its parameters in the config and '
            'evaluate it with tools/test.py (no checkpoint needed)')
