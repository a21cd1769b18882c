import numpy as np
import pytest
import torch
from scipy.signal import savgol_filter

from mmclimb.models.heads import SavitzkyGolayFilterHead


@pytest.mark.parametrize('length,order', [(5, 2), (9, 2), (11, 3)])
def test_matches_scipy_interp_mode(length, order):
    x = torch.randn(3, 30, 4, dtype=torch.float64)
    out = SavitzkyGolayFilterHead(length, order)(x)
    expected = savgol_filter(x.numpy(), length, order, axis=1, mode='interp')
    np.testing.assert_allclose(out.numpy(), expected, atol=1e-10)


@pytest.mark.parametrize('frames', [3, 4, 5, 8, 9, 50])
def test_keeps_a_quadratic_exactly_ends_included(frames):
    t = torch.arange(frames, dtype=torch.float64)
    quadratic = torch.stack([3 + 0.5 * t - 0.2 * t**2, 1 - t + 0.05 * t**2],
                            dim=-1)[None]
    out = SavitzkyGolayFilterHead(window_length=9, polyorder=2)(quadratic)
    torch.testing.assert_close(out, quadratic)


def test_short_sequences_shrink_the_window():
    head = SavitzkyGolayFilterHead(window_length=9, polyorder=4)
    assert head.fit_for(100) == (9, 4)
    assert head.fit_for(6) == (5, 4)
    assert head.fit_for(3) == (3, 2)
    x = torch.randn(1, 2, 4)
    torch.testing.assert_close(head(x), x)  # nothing to fit in 2 frames
    assert head(torch.randn(1, 1, 4)).shape == (1, 1, 4)


def test_noisy_sine_gets_closer():
    t = torch.linspace(0, 4 * np.pi, 200, dtype=torch.float64)
    clean = torch.stack([torch.sin(t), torch.cos(t)], dim=-1)[None]
    noise = torch.randn(clean.shape, dtype=torch.float64,
                        generator=torch.Generator().manual_seed(0))
    noisy = clean + 0.2 * noise
    out = SavitzkyGolayFilterHead(window_length=15, polyorder=2)(noisy)
    assert (out - clean).abs().mean() < 0.5 * (noisy - clean).abs().mean()


@pytest.mark.parametrize('kwargs,match', [
    (dict(window_length=4), 'odd window_length'),
    (dict(window_length=1), 'odd window_length'),
    (dict(window_length=5, polyorder=5), 'polyorder'),
    (dict(polyorder=-1), 'polyorder'),
])
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SavitzkyGolayFilterHead(**kwargs)
