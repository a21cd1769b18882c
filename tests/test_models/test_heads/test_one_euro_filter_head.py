import numpy as np
import pytest
import torch

from mmclimb.models.heads import OneEuroFilterHead


def _noisy_sine(frames=600, seed=0):
    t = torch.linspace(0, 4 * np.pi, frames, dtype=torch.float64)
    clean = torch.sin(t)[None, :, None].repeat(2, 1, 3)
    noise = torch.randn(clean.shape, dtype=torch.float64,
                        generator=torch.Generator().manual_seed(seed))
    return clean, clean + 0.3 * noise


def test_noisy_sine_gets_closer():
    clean, noisy = _noisy_sine()
    out = OneEuroFilterHead(min_cutoff=1.0, beta=0.1)(noisy)
    assert (out - clean).abs().mean() < 0.6 * (noisy - clean).abs().mean()


def test_lower_min_cutoff_smooths_more():
    _, noisy = _noisy_sine()
    jitter = [
        OneEuroFilterHead(min_cutoff=c, beta=0.0)(noisy).diff(
            n=2, dim=1).abs().mean() for c in (0.5, 4.0)
    ]
    assert jitter[0] < jitter[1]


def test_higher_beta_lags_less_on_a_ramp():
    ramp = torch.arange(60, dtype=torch.float64)[None, :, None] * 0.05
    lag = [(ramp - OneEuroFilterHead(min_cutoff=0.5, beta=b)(ramp))[0, -1, 0]
           for b in (0.0, 5.0)]
    assert 0 < lag[1] < lag[0]


def test_first_frame_and_constants_pass_and_it_is_causal():
    head = OneEuroFilterHead()
    x = torch.randn(1, 20, 2, dtype=torch.float64)
    out = head(x)
    torch.testing.assert_close(out[:, 0], x[:, 0])
    constant = torch.full((1, 10, 2), 3.5, dtype=torch.float64)
    torch.testing.assert_close(head(constant), constant)
    changed_future = x.clone()
    changed_future[:, 12:] += 100
    torch.testing.assert_close(head(changed_future)[:, :12], out[:, :12])


def test_matches_the_recursion_by_hand():
    head = OneEuroFilterHead(min_cutoff=1.0, beta=0.5, d_cutoff=2.0, fps=30)
    x = [0.0, 1.0, 1.5]
    alpha = lambda fc: 1 / (1 + 30 / (2 * np.pi * fc))  # noqa: E731
    s, v, out = x[0], 0.0, [x[0]]
    for value in x[1:]:
        v = v + alpha(2.0) * ((value - s) * 30 - v)
        s = s + alpha(1.0 + 0.5 * abs(v)) * (value - s)
        out.append(s)
    result = head(torch.tensor(x, dtype=torch.float64)[None, :, None])
    np.testing.assert_allclose(result[0, :, 0].numpy(), out, rtol=1e-12)


@pytest.mark.parametrize('kwargs', [
    dict(min_cutoff=0), dict(beta=-1), dict(d_cutoff=0), dict(fps=0)])
def test_bad_parameters(kwargs):
    with pytest.raises(ValueError, match='OneEuroFilterHead needs'):
        OneEuroFilterHead(**kwargs)
