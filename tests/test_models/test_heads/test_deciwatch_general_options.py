"""DeciWatchHead's options of the general refiner: ``input_centring``,
``w_accel`` and ``inference_stride``."""
import pytest
import torch

from conftest import deciwatch_samples

from mmclimb.models import DeciWatchHead

L, N, K = 9, 2, 3  # window, sample interval, keypoints


def tiny(**kwargs):
    args = dict(num_keypoints=K, seq_len=L, sample_interval=N, embed_dims=16,
                num_heads=2, num_encoder_layers=1, num_decoder_layers=1,
                ffn_dims=32)
    args.update(kwargs)
    torch.manual_seed(0)
    return DeciWatchHead(**args).eval()


# ----------------------------------------------------------------------
# input_centring
# ----------------------------------------------------------------------
def test_centred_forward_equals_hand_computation():
    gain = 50.0
    head = tiny(input_centring=gain)
    coords = torch.rand(2, L, 2 * K)
    mean = coords[:, ::N].mean(dim=1, keepdim=True)  # sampled frames only
    denoised, memory, pos = head.denoise((coords - mean) * gain)
    recovered, _ = head.recover(denoised, memory, pos)
    expected = recovered / gain + mean
    torch.testing.assert_close(head(coords), expected)
    # the mean is over the sampled frames, not all of them
    all_mean = coords.mean(dim=1, keepdim=True)
    denoised, memory, pos = head.denoise((coords - all_mean) * gain)
    wrong = head.recover(denoised, memory, pos)[0] / gain + all_mean
    assert not torch.allclose(head(coords), wrong, atol=1e-4)
    # and it is not the official, uncentred computation
    assert not torch.allclose(
        head(coords), tiny(input_centring=None)(coords), atol=1e-4)


def test_centred_loss_uses_the_same_outputs():
    gain = 20.0
    head = tiny(input_centring=gain, w_denoise=1.0, w_recover=5.0)
    coords = torch.rand(2, L, 2 * K)
    targets = torch.rand(2, L, K, 2) * 55
    visible = torch.ones(2, L, K)
    losses = head.loss(coords, deciwatch_samples(targets, visible))
    norm = (targets / 55).flatten(2)
    expected = (head(coords) - norm).abs().mean()
    torch.testing.assert_close(losses['loss_recover'], 5 * expected)


def test_centring_makes_the_output_translation_equivariant():
    head = tiny(input_centring=50.0)
    coords = torch.rand(2, L, 2 * K)
    # one offset per coordinate channel, the same in every frame
    offset = torch.linspace(-0.4, 0.7, 2 * K)[None, None]
    out = head(coords)
    shifted = head(coords + offset)
    torch.testing.assert_close(shifted, out + offset, atol=1e-5, rtol=0)
    # a scalar offset too
    torch.testing.assert_close(head(coords + 0.25), out + 0.25, atol=1e-5,
                               rtol=0)


def test_without_centring_a_random_model_is_not_equivariant():
    head = tiny(input_centring=None)
    coords = torch.rand(2, L, 2 * K)
    offset = torch.linspace(-0.4, 0.7, 2 * K)[None, None]
    error = (head(coords + offset) - (head(coords) + offset)).abs().max()
    assert error > 1e-3


@pytest.mark.parametrize('gain', [0.0, -1.0])
def test_invalid_gain_raises(gain):
    with pytest.raises(ValueError, match='input_centring'):
        tiny(input_centring=gain)


# ----------------------------------------------------------------------
# w_accel
# ----------------------------------------------------------------------
def _second_difference(x):
    return x[:, 2:] - 2 * x[:, 1:-1] + x[:, :-2]


def test_loss_accel_only_when_weighted():
    coords = torch.rand(2, L, 2 * K)
    data = deciwatch_samples(torch.rand(2, L, K, 2) * 55, torch.ones(2, L, K))
    assert set(tiny(w_accel=0.0).loss(coords, data)) == {
        'loss_denoise', 'loss_recover'}
    assert set(tiny(w_accel=2.0).loss(coords, data)) == {
        'loss_denoise', 'loss_recover', 'loss_accel'}


@pytest.mark.parametrize('centring', [None, 50.0])
def test_loss_accel_is_weighted_l1_of_second_differences(centring):
    w_accel = 3.0
    head = tiny(w_accel=w_accel, input_centring=centring)
    gen = torch.Generator().manual_seed(1)
    coords = torch.rand(2, L, 2 * K, generator=gen)
    targets = torch.rand(2, L, K, 2, generator=gen) * 55
    # weights 0, 0.5 and 1 (approximate keypoints weigh 0.5)
    visible = torch.randint(0, 3, (2, L, K), generator=gen).float() / 2
    losses = head.loss(coords, deciwatch_samples(targets, visible))

    pred = head(coords)
    norm = (targets / 55).flatten(2)
    w = visible[..., None].expand(-1, -1, -1, 2).flatten(2)
    weight = w[:, 2:] * w[:, 1:-1] * w[:, :-2]
    diff = (_second_difference(pred) - _second_difference(norm)).abs()
    expected = w_accel * (weight * diff).sum() / weight.sum()
    torch.testing.assert_close(losses['loss_accel'], expected)
    # the plain mean (weights ignored) differs: the weighting matters
    assert not torch.isclose(losses['loss_accel'], w_accel * diff.mean())


def test_loss_accel_vanishes_for_a_constant_velocity_drift():
    head = tiny(w_accel=5.0)
    coords = torch.rand(2, L, 2 * K)
    with torch.no_grad():
        pred = head(coords)
    t = torch.arange(L, dtype=torch.float32)[None, :, None]
    drift = 0.05 + 0.01 * t * torch.linspace(-1, 1, 2 * K)[None, None]
    targets = ((pred + drift) * 55).reshape(2, L, K, 2)
    losses = head.loss(coords, deciwatch_samples(targets, torch.ones(2, L, K)))
    assert losses['loss_accel'] < 1e-5
    assert losses['loss_recover'] > 0.1  # the positions are off
    # and a drift that accelerates is seen
    accelerating = ((pred + 0.001 * t**2) * 55).reshape(2, L, K, 2)
    losses = head.loss(coords, deciwatch_samples(accelerating, torch.ones(2, L, K)))
    torch.testing.assert_close(losses['loss_accel'],
                               torch.tensor(5.0 * 0.002), rtol=1e-2,
                               atol=1e-5)


# ----------------------------------------------------------------------
# inference_stride
# ----------------------------------------------------------------------
def test_inference_stride_defaults_to_window_minus_one():
    assert tiny().inference_stride == L - 1
    assert DeciWatchHead(seq_len=5, sample_interval=4).inference_stride == 4


@pytest.mark.parametrize('stride', [1, 4, L])
def test_inference_stride_given(stride):
    assert tiny(inference_stride=stride).inference_stride == stride


@pytest.mark.parametrize('stride', [0, -1, L + 1])
def test_inference_stride_out_of_range_raises(stride):
    with pytest.raises(ValueError, match='inference_stride'):
        tiny(inference_stride=stride)


# ----------------------------------------------------------------------
# score_input
# ----------------------------------------------------------------------
def test_score_input_starts_as_the_plain_head_and_then_uses_the_scores():
    plain = tiny(input_centring=50.0)
    scored = tiny(input_centring=50.0, score_input=True)
    missing = scored.load_state_dict(plain.state_dict(), strict=False)
    assert sorted(missing.missing_keys) == ['score_embed.bias',
                                            'score_embed.weight']
    coords = torch.rand(2, L, 2 * K)
    scores = torch.rand(2, L, K)
    feats = torch.cat([coords, scores], dim=-1)
    with torch.no_grad():
        torch.testing.assert_close(scored(feats), plain(coords))
        torch.nn.init.normal_(scored.score_embed.weight)
        moved = scored(feats)
        assert moved.shape == (2, L, 2 * K)
        assert not torch.allclose(moved, plain(coords))
        # only the sampled frames' scores are read
        other = feats.clone()
        other[:, 1::N, 2 * K:] = torch.rand(2, len(range(1, L, N)), K)
        torch.testing.assert_close(scored(other), moved)


def test_score_input_checks_the_channels():
    with pytest.raises(ValueError, match='expected 9 input channels'):
        tiny(score_input=True)(torch.rand(1, L, 2 * K))
    with pytest.raises(ValueError, match='expected 6 input channels'):
        tiny()(torch.rand(1, L, 3 * K))
