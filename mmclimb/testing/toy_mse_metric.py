"""Mean squared error of refined versus raw sequences."""
from typing import Dict, List, Sequence

import torch
from mmengine.evaluator import BaseMetric
from mmpose.registry import METRICS


@METRICS.register_module()
class ToyMSEMetric(BaseMetric):
    """Mean squared error of the prediction and of the raw input.

    Consumes the ``'predict'`` output of
    :class:`~mmclimb.testing.ToyRefiner` and reports ``mse`` (prediction)
    and ``mse_raw`` (input), each averaged over all windows.
    """

    default_prefix = 'toy'

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        """Store each window's squared errors."""
        for sample in data_samples:
            self.results.append(
                dict(
                    pred=torch.mean((sample['pred'] - sample['gt'])**2).item(),
                    raw=torch.mean((sample['raw'] - sample['gt'])**2).item()))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Average the stored errors over all windows."""
        count = len(results)
        return dict(
            mse=sum(r['pred'] for r in results) / count,
            mse_raw=sum(r['raw'] for r in results) / count)
