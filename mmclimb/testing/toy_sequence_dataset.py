"""A tiny generated dataset of noisy 2D trajectories."""
import numpy as np
from mmengine.dataset import BaseDataset
from mmpose.registry import DATASETS


@DATASETS.register_module()
class ToySequenceDataset(BaseDataset):
    """Windows of smooth 2D trajectories with Gaussian noise, from a seed.

    Each item is ``{'inputs': (T, 2) noisy, 'data_samples': (T, 2) clean}``
    as float32 arrays; nothing is read from disk.

    Args:
        num_windows (int): Number of windows. Defaults to 32.
        seq_len (int): T, frames per window. Defaults to 8.
        noise (float): Standard deviation of the added noise. Defaults to 0.3.
        seed (int): Seed of the generator. Defaults to 0.
        **kwargs: Passed to :class:`~mmengine.dataset.BaseDataset`.
    """

    METAINFO = dict(dataset_name='toy_sequences')

    def __init__(self,
                 num_windows: int = 32,
                 seq_len: int = 8,
                 noise: float = 0.3,
                 seed: int = 0,
                 **kwargs):
        self.num_windows = num_windows
        self.seq_len = seq_len
        self.noise = noise
        self.seed = seed
        super().__init__(**kwargs)

    def load_data_list(self) -> list:
        """Generate the windows (sine trajectories with random phases)."""
        rng = np.random.default_rng(self.seed)
        t = np.linspace(0, np.pi, self.seq_len)[None, :, None]
        phase = rng.uniform(0, 2 * np.pi, (self.num_windows, 1, 2))
        clean = np.sin(t + phase).astype(np.float32)
        noisy = clean + rng.normal(0, self.noise, clean.shape).astype(
            np.float32)
        return [
            dict(inputs=x, data_samples=y) for x, y in zip(noisy, clean)
        ]

    def prepare_data(self, idx: int) -> dict:
        """Return the window's arrays only, as the model's keyword args."""
        info = self.get_data_info(idx)
        return dict(inputs=info['inputs'], data_samples=info['data_samples'])
