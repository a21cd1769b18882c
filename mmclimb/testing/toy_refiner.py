"""A tiny temporal refiner for exercising the tools end to end."""
from typing import Dict, List, Optional, Union

import torch.nn.functional as F
from mmengine.model import BaseModel
from mmpose.registry import MODELS
from torch import Tensor, nn


@MODELS.register_module()
class ToyRefiner(BaseModel):
    """Smooths a coordinate sequence with one residual temporal convolution.

    Symbols: B windows, T frames, C coordinates per frame.

    Args:
        channels (int): C. Defaults to 2.
        kernel_size (int): Temporal kernel size (odd). Defaults to 3.
        dropout (float): Dropout on the residual in training, to give the
            run randomness beyond the data order. Defaults to 0.
        data_preprocessor (dict, optional): Passed to
            :class:`~mmengine.model.BaseModel`.
        init_cfg (dict, optional): Passed to
            :class:`~mmengine.model.BaseModel`.
    """

    def __init__(self,
                 channels: int = 2,
                 kernel_size: int = 3,
                 dropout: float = 0.0,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None):
        super().__init__(data_preprocessor=data_preprocessor,
                         init_cfg=init_cfg)
        self.conv = nn.Conv1d(channels, channels, kernel_size,
                              padding=kernel_size // 2)
        # a zero residual: training starts from the identity
        nn.init.zeros_(self.conv.weight)
        nn.init.zeros_(self.conv.bias)
        self.dropout = nn.Dropout(dropout)

    def refine(self, inputs: Tensor) -> Tensor:
        """Refine a batch of windows.

        Args:
            inputs (Tensor): Noisy sequences, (B, T, C).

        Returns:
            Tensor: Refined sequences, (B, T, C).
        """
        residual = self.conv(inputs.transpose(1, 2)).transpose(1, 2)
        return inputs + self.dropout(residual)

    def forward(self,
                inputs: Tensor,
                data_samples: Optional[Tensor] = None,
                mode: str = 'tensor') -> Union[Tensor, Dict, List[dict]]:
        """Run in mmengine's ``'tensor'``, ``'loss'`` or ``'predict'`` mode.

        Args:
            inputs (Tensor): Noisy sequences, (B, T, C).
            data_samples (Tensor, optional): Clean sequences, (B, T, C);
                needed in ``'loss'`` and ``'predict'`` mode.
            mode (str): ``'tensor'``, ``'loss'`` or ``'predict'``.

        Returns:
            Tensor (B, T, C) in ``'tensor'`` mode; ``{'loss': Tensor}`` in
            ``'loss'`` mode; in ``'predict'`` mode one dict per window with
            ``pred``, ``raw`` and ``gt`` (each (T, C)).
        """
        refined = self.refine(inputs)
        if mode == 'tensor':
            return refined
        if mode == 'loss':
            return {'loss': F.mse_loss(refined, data_samples)}
        if mode == 'predict':
            return [
                dict(pred=p, raw=r, gt=g)
                for p, r, g in zip(refined, inputs, data_samples)
            ]
        raise ValueError(f"mode must be 'tensor', 'loss' or 'predict', "
                         f'got {mode!r}')
