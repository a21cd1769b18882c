import numpy as np
import pytest
import torch
from mmpose.registry import MODELS
from scipy.ndimage import gaussian_filter1d

import mmclimb  # noqa: F401
from mmclimb.models.heads import GaussianFilterHead


@pytest.mark.parametrize('sigma', [0.5, 2.0, 3.3])
@pytest.mark.parametrize('frames', [1, 3, 40])
def test_matches_scipy_with_held_ends(sigma, frames):
    x = torch.randn(2, frames, 6, dtype=torch.float64)
    out = GaussianFilterHead(sigma=sigma)(x)
    expected = gaussian_filter1d(x.numpy(), sigma, axis=1, mode='nearest')
    np.testing.assert_allclose(out.numpy(), expected, atol=1e-12)


def test_noisy_sine_gets_closer_and_more_sigma_smooths_more():
    t = torch.linspace(0, 4 * np.pi, 200, dtype=torch.float64)
    clean = torch.sin(t)[None, :, None]
    generator = torch.Generator().manual_seed(0)
    noisy = clean + 0.2 * torch.randn(
        clean.shape, dtype=torch.float64, generator=generator)
    errors = [(GaussianFilterHead(sigma=s)(noisy) - clean).abs().mean()
              for s in (1.0, 3.0)]
    assert errors[0] < 0.7 * (noisy - clean).abs().mean()
    assert errors[1] < errors[0]
    jitter = [GaussianFilterHead(sigma=s)(noisy).diff(n=2, dim=1).abs().mean()
              for s in (1.0, 3.0)]
    assert jitter[1] < jitter[0]


def test_built_by_name_without_parameters():
    head = MODELS.build(dict(type='GaussianFilterHead', sigma=1.5))
    assert isinstance(head, GaussianFilterHead)
    assert not list(head.parameters())
    assert head.radius == 6  # round(4 * 1.5)


@pytest.mark.parametrize('kwargs', [dict(sigma=0), dict(truncate=-1)])
def test_bad_parameters(kwargs):
    with pytest.raises(ValueError, match='sigma > 0'):
        GaussianFilterHead(**kwargs)
