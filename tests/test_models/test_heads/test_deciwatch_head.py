import pytest
import torch

from mmclimb.models import DeciWatchHead, SinePositionalEncoding1D
from mmclimb.utils import convert_official_deciwatch

from conftest import deciwatch_samples
from conftest import official_deciwatch_names as official_names


def tiny(**kwargs):
    args = dict(num_keypoints=3, seq_len=9, sample_interval=4, embed_dims=16,
                num_heads=2, num_encoder_layers=2, num_decoder_layers=2,
                ffn_dims=32)
    args.update(kwargs)
    return DeciWatchHead(**args)


def test_thesis_parameter_count():
    assert sum(p.numel() for p in DeciWatchHead().parameters()) == 1708388


def test_post_norm_has_no_encoder_norm():
    assert DeciWatchHead(pre_norm=False).encoder_norm is None


def test_window_must_be_interval_times_q_plus_one():
    with pytest.raises(ValueError, match='n \\* Q \\+ 1'):
        DeciWatchHead(seq_len=6, sample_interval=4)


def test_encoder_mask_forbids_self_and_unsampled_keys():
    mask = tiny().encoder_mask(9)
    sampled = [0, 4, 8]
    for i in range(9):
        allowed = [j for j in range(9) if not mask[i, j]]
        assert allowed == [j for j in sampled if j != i]


@pytest.mark.parametrize('pre_norm', [True, False])
def test_unsampled_input_frames_do_not_change_the_output(pre_norm):
    head = tiny(pre_norm=pre_norm).eval()
    coords = torch.rand(2, 9, 6)
    out = head(coords)
    assert out.shape == (2, 9, 6)
    changed = coords.clone()
    changed[:, [1, 2, 3, 5, 6, 7]] += 10
    torch.testing.assert_close(head(changed), out)
    changed[:, 4] += 0.5  # a sampled frame does
    assert not torch.allclose(head(changed), out)


def test_positional_embedding_matches_its_definition():
    pe = SinePositionalEncoding1D(8)(5)
    p = torch.arange(5.) / (4 + 1e-6) * 2 * torch.pi
    for i in range(4):
        f = 10000**(2 * i / 4)
        torch.testing.assert_close(pe[:, 2 * i], torch.sin(p / f))
        torch.testing.assert_close(pe[:, 2 * i + 1], torch.cos(p / f))


def _loss_inputs():
    """Seeded coordinates (2, 9, 6), targets (2, 9, 3, 2), visible."""
    torch.manual_seed(0)
    return (torch.rand(2, 9, 6), torch.rand(2, 9, 3, 2) * 55,
            torch.ones(2, 9, 3))


def test_loss_is_weighted_l1_of_denoised_and_recovered():
    coords, targets, visible = _loss_inputs()
    head = tiny(heatmap_size=(56, 56), w_denoise=1.0, w_recover=5.0).eval()
    visible[:, :, 2] = 0
    losses = head.loss(coords, deciwatch_samples(targets, visible))
    denoised, memory, pos = head.denoise(coords)
    recovered, _ = head.recover(denoised, memory, pos)
    norm = (targets / 55).flatten(2)
    mask = visible[..., None].expand(-1, -1, -1, 2).flatten(2)
    expected_rec = ((recovered - norm).abs() * mask).sum() / mask.sum()
    expected_den = ((denoised - norm[:, ::4]).abs() *
                    mask[:, ::4]).sum() / mask[:, ::4].sum()
    torch.testing.assert_close(losses['loss_recover'], 5 * expected_rec)
    torch.testing.assert_close(losses['loss_denoise'], expected_den)
    # an unannotated keypoint never contributes
    targets[:, :, 2] += 20
    torch.testing.assert_close(
        head.loss(coords, deciwatch_samples(targets, visible))['loss_recover'],
        losses['loss_recover'])


def test_stream_lag_adds_the_l1_of_the_last_lag_plus_one_frames():
    coords, targets, visible = _loss_inputs()
    head = tiny(heatmap_size=(56, 56), stream_lag=2, w_stream=3.0).eval()
    losses = head.loss(coords, deciwatch_samples(targets, visible))
    recovered = head(coords)
    expected = (recovered[:, 6:] - (targets / 55).flatten(2)[:, 6:]).abs()
    torch.testing.assert_close(losses['loss_stream'], 3 * expected.mean())
    # the other terms are unchanged, and off by default
    plain = tiny(heatmap_size=(56, 56)).eval()
    plain.load_state_dict(head.state_dict())
    base = plain.loss(coords, deciwatch_samples(targets, visible))
    assert 'loss_stream' not in base
    torch.testing.assert_close(base['loss_recover'], losses['loss_recover'])
    with pytest.raises(ValueError, match='stream_lag must be in'):
        tiny(stream_lag=9)


def test_predict_returns_heatmap_coordinates():
    head = tiny(heatmap_size=(56, 56)).eval()
    coords = torch.rand(1, 9, 6)
    pred = head.predict(coords, None)[0]
    torch.testing.assert_close(pred.heatmap_keypoints,
                               head(coords).reshape(9, 3, 2) * 55)


def test_converter_maps_every_official_parameter_one_to_one():
    head = DeciWatchHead()
    ours = {f'head.{k}': v for k, v in head.state_dict().items()}
    official = official_names(5, 5)
    assert len(official) == len(ours)
    # give every official tensor the shape of its mmclimb counterpart
    converted_names = convert_official_deciwatch(
        {name: torch.zeros(1) for name in official})
    assert set(converted_names) == set(ours)


def test_converted_weights_give_identical_outputs():
    torch.manual_seed(0)
    source = DeciWatchHead().eval()
    mapping = convert_official_deciwatch(
        {name: torch.zeros(1) for name in official_names(5, 5)})
    # invert the mapping to write the source weights under official names
    to_official = {ours: off for off, ours in zip(
        official_names(5, 5), mapping)}
    official_state = {
        to_official[f'head.{k}']: v
        for k, v in source.state_dict().items()
    }
    target = DeciWatchHead().eval()
    converted = convert_official_deciwatch(
        {f'module.{k}': v for k, v in official_state.items()})
    target.load_state_dict({k[len('head.'):]: v
                            for k, v in converted.items()})
    coords = torch.rand(2, 5, 50)
    torch.testing.assert_close(target(coords), source(coords))


def test_converter_rejects_foreign_keys():
    with pytest.raises(KeyError, match='transformer'):
        convert_official_deciwatch({'backbone.weight': torch.zeros(1)})
    with pytest.raises(KeyError, match='unknown official'):
        convert_official_deciwatch({'transformer.extra.w': torch.zeros(1)})


def test_zero_initialised_outputs_start_from_interpolation():
    head = tiny(zero_init_outputs=True).eval()
    coords = torch.rand(2, 9, 6)
    expected = torch.nn.functional.interpolate(
        coords[:, ::4].transpose(1, 2), size=9, mode='linear',
        align_corners=True).transpose(1, 2)
    torch.testing.assert_close(head(coords), expected)
