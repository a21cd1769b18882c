"""SmoothNetHead: one network per coordinate track, the official loss, the
published settings' parameter counts, and input centring."""
import pytest
import torch
from mmengine.config import Config

from conftest import deciwatch_samples

from mmclimb.models import SmoothNetHead

T, K = 6, 3


def tiny(**kwargs):
    args = dict(num_keypoints=K, seq_len=T, hidden_dims=16,
                res_hidden_dims=8, num_blocks=2)
    args.update(kwargs)
    torch.manual_seed(0)
    return SmoothNetHead(**args).eval()


def official_count(window, hidden, res_hidden, blocks):
    """Parameters of the official SmoothNet (output window = input window):
    Linear(T -> d), per block Linear(d -> r) and Linear(r -> d), then
    Linear(d -> T), all with biases."""
    encoder = window * hidden + hidden
    block = (hidden * res_hidden + res_hidden) + (res_hidden * hidden +
                                                  hidden)
    decoder = hidden * window + window
    return encoder + blocks * block + decoder


@pytest.mark.parametrize(
    'setting',
    [
        dict(res_hidden_dims=256, num_blocks=3, dropout=0.5),  # MMPose 0.x
        dict(res_hidden_dims=512, num_blocks=5, dropout=0.1),  # MMHuman3D
        dict(res_hidden_dims=128, num_blocks=5, dropout=0.25),  # h36m yaml
        dict(res_hidden_dims=16, num_blocks=1, dropout=0.5),  # pw3d yaml
    ])
@pytest.mark.parametrize('window', [5, 8, 32])
def test_parameter_count_equals_the_official_model(setting, window):
    head = SmoothNetHead(seq_len=window, hidden_dims=512, **setting)
    assert sum(p.numel() for p in head.parameters()) == official_count(
        window, 512, setting['res_hidden_dims'], setting['num_blocks'])


@pytest.mark.parametrize('config, res_hidden, blocks, dropout', [
    ('configs/smoothnet_climb.py', 256, 3, 0.5),
    ('configs/smoothnet_mmhuman3d_climb.py', 512, 5, 0.1),
    ('configs/general/smoothnet_general.py', 256, 3, 0.5),
])
def test_configs_hold_the_published_settings(config, res_hidden, blocks,
                                             dropout):
    cfg = Config.fromfile(config)
    head = cfg.model.head
    assert (head.hidden_dims, head.res_hidden_dims, head.num_blocks,
            head.dropout) == (512, res_hidden, blocks, dropout)
    assert (head.w_pos, head.w_accel) == (1.0, 0.1)  # the official loss
    # the head's window is the data's
    assert head.seq_len == cfg.test_dataloader.dataset.seq_len == \
        cfg.train_dataloader.dataset.seq_len


def test_forward_shape_and_one_network_per_track():
    head = tiny()
    coords = torch.rand(2, T, 2 * K)
    out = head(coords)
    assert out.shape == (2, T, 2 * K)
    for b in range(2):
        for c in range(2 * K):
            torch.testing.assert_close(
                out[b, :, c], head.smooth(coords[b, :, c][None])[0])


def test_tracks_do_not_mix():
    head = tiny()
    coords = torch.rand(2, T, 2 * K)
    changed = coords.clone()
    changed[1, :, 4] += 0.3
    diff = (head(changed) - head(coords)).abs().amax(dim=1)  # (B, C)
    assert diff[1, 4] > 0
    diff[1, 4] = 0
    assert diff.max() == 0


def test_network_layout_follows_smoothnet():
    head = tiny(dropout=0.0)
    x = torch.randn(5, T)
    f = torch.nn.functional
    y = f.leaky_relu(head.encoder(x), 0.1)
    for block in head.blocks:
        inner = f.leaky_relu(block.down(y), 0.2)
        y = y + f.leaky_relu(block.up(inner), 0.2)
    torch.testing.assert_close(head.smooth(x), head.decoder(y))


def test_dropout_acts_in_training_only():
    head = tiny(dropout=0.5)
    coords = torch.rand(2, T, 2 * K)
    torch.testing.assert_close(head(coords), head(coords))  # eval
    head.train()
    assert not torch.allclose(head(coords), head(coords))


def test_window_of_another_length_is_refused():
    with pytest.raises(ValueError, match='seq_len=6.*windows of 5 frames'):
        tiny()(torch.rand(1, 5, 2 * K))


def _accel(x):
    return x[:, 2:] - 2 * x[:, 1:-1] + x[:, :-2]


def test_loss_is_official_position_plus_acceleration_l1():
    head = tiny(w_pos=1.0, w_accel=0.1)
    coords = torch.rand(2, T, 2 * K)
    targets = torch.rand(2, T, K, 2) * 55
    visible = torch.ones(2, T, K)
    losses = head.loss(coords, deciwatch_samples(targets, visible))
    assert set(losses) == {'loss_pos', 'loss_accel'}
    out, norm = head(coords), (targets / 55).flatten(2)
    # all annotated: the official mean reductions
    torch.testing.assert_close(losses['loss_pos'], (out - norm).abs().mean())
    torch.testing.assert_close(losses['loss_accel'],
                               0.1 * (_accel(out) - _accel(norm)).abs().mean())


def test_unannotated_keypoints_never_count():
    head = tiny()
    coords = torch.rand(2, T, 2 * K)
    targets = torch.rand(2, T, K, 2) * 55
    visible = torch.ones(2, T, K)
    visible[:, 3, 1] = 0
    before = head.loss(coords, deciwatch_samples(targets, visible))
    targets[:, 3, 1] += 20
    after = head.loss(coords, deciwatch_samples(targets, visible))
    for key in before:
        torch.testing.assert_close(before[key], after[key])
    # an acceleration counts only where its three frames are annotated
    mask = visible[..., None].expand(-1, -1, -1, 2).flatten(2)
    weight = mask[:, 2:] * mask[:, 1:-1] * mask[:, :-2]
    diff = (_accel(head(coords)) - _accel((targets / 55).flatten(2))).abs()
    torch.testing.assert_close(after['loss_accel'],
                               0.1 * (diff * weight).sum() / weight.sum())


def test_no_acceleration_loss_without_its_weight():
    head = tiny(w_accel=0.0)
    losses = head.loss(
        torch.rand(1, T, 2 * K),
        deciwatch_samples(torch.rand(1, T, K, 2), torch.ones(1, T, K)))
    assert set(losses) == {'loss_pos'}


def test_centred_forward_equals_hand_computation():
    head = tiny(input_centring=50.0)
    coords = torch.rand(2, T, 2 * K)
    mean = coords.mean(dim=1, keepdim=True)
    inputs = ((coords - mean) * 50).transpose(1, 2)
    expected = head.smooth(inputs).transpose(1, 2) / 50 + mean
    torch.testing.assert_close(head(coords), expected)
    # translation equivariant: a constant offset per track passes through
    offset = torch.linspace(-0.4, 0.7, 2 * K)[None, None]
    torch.testing.assert_close(head(coords + offset), head(coords) + offset)


def test_predict_gives_heatmap_keypoints():
    head = tiny(heatmap_size=(56, 56))
    coords = torch.rand(3, T, 2 * K)
    preds = head.predict(coords, None)
    assert len(preds) == 3
    torch.testing.assert_close(preds[0].heatmap_keypoints,
                               head(coords)[0].reshape(T, K, 2) * 55)
    assert preds[0].keypoint_scores.shape == (T, K)
    # continuous coordinates: the thesis PCK scores them as they are
    assert preds[0].prediction_source == 'coordinates'
