"""The validation loss of a refiner, as a metric."""
from typing import Dict, List, Sequence

from mmengine.evaluator import BaseMetric
from mmpose.registry import METRICS

__all__ = ['WindowLossMetric']


@METRICS.register_module()
class WindowLossMetric(BaseMetric):
    """Average the training loss that the estimator computed in prediction.

    With ``test_cfg=dict(compute_loss=True)``,
    :class:`~mmclimb.models.TemporalPoseEstimator` stores the loss of each
    validation batch on its windows as ``val_loss`` (a float); this metric
    averages it over windows and reports it as ``loss``, the quantity the
    thesis's reduce-on-plateau and early stopping watch.

    Args:
        collect_device (str): Defaults to ``'cpu'``.
        prefix (str, optional): Defaults to None.
    """

    def __init__(self, collect_device: str = 'cpu', prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Keep each window's ``val_loss``."""
        for sample in data_samples:
            if 'val_loss' not in sample:
                raise KeyError(
                    'WindowLossMetric needs val_loss on every sample: set '
                    "model.test_cfg.compute_loss=True")
            self.results.append(float(sample['val_loss']))

    def compute_metrics(self, results: List[float]) -> Dict[str, float]:
        """Mean over windows."""
        return dict(loss=sum(results) / len(results))
