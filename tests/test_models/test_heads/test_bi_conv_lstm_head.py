import pytest
import torch
from mmengine.config import Config

from mmclimb.models import BiConvLSTMHead, ConvLSTMCell


@pytest.mark.parametrize('fusion, count', [('sum', 1875666),
                                           ('concat', 1872313)])
def test_thesis_parameter_counts(fusion, count):
    head = BiConvLSTMHead(fusion=fusion)
    assert sum(p.numel() for p in head.parameters()) == count


@pytest.mark.parametrize('fusion', ['sum', 'concat'])
def test_shapes_and_backward(fusion):
    head = BiConvLSTMHead(fusion=fusion, num_keypoints=3,
                          heatmap_size=(8, 6), branch_layers=None)
    feats = torch.rand(2, 4, 3, 6, 8)
    out = head(feats)
    assert out.shape == (2, 4, 3, 6, 8)
    out.sum().backward()
    assert head.cell.conv.weight.grad is not None


def test_backward_branch_sees_future_frames_forward_branch_the_past():
    torch.manual_seed(0)
    head = BiConvLSTMHead(fusion='concat', num_keypoints=2,
                          heatmap_size=(5, 5))
    feats = torch.rand(1, 4, 2, 5, 5)
    hidden = head._recurrence(feats)  # (B, T, 2D, H, W)
    changed = feats.clone()
    changed[0, 3] += 1  # the last frame
    hidden_changed = head._recurrence(changed)
    forward_diff = (hidden_changed - hidden)[0, :3, :2].abs().amax()
    backward_diff = (hidden_changed - hidden)[0, 0, 2:].abs().amax()
    assert forward_diff == 0  # the past does not see the future ...
    assert backward_diff > 0  # ... the backward branch at frame 0 does
    assert (head(changed)[0, 0] != head(feats)[0, 0]).any()


def reference_step(cell, x, h, c, group):
    """One step of cell ``group`` with one convolution per gate and input:
    the straightforward formulation of the fused, grouped cell."""
    import torch.nn.functional as F
    C, D = cell.in_channels, cell.hidden_channels
    weight = cell.conv.weight.reshape(cell.groups, 4, D, C + D, 3, 3)[group]
    bias = (cell.input_bias + cell.hidden_bias).reshape(cell.groups, 4, D)
    maps = cell.bias_maps.reshape(cell.groups, 4, D, *x.shape[-2:])
    gates = []
    for g in range(4):
        pre = (F.conv2d(x, weight[g, :, :C], padding=1) +
               F.conv2d(h, weight[g, :, C:], padding=1) +
               bias[group, g][:, None, None] + maps[group, g])
        gates.append(pre)
    i, f, gg, o = gates
    p_i, p_f, p_o = cell.peephole[group]
    c_new = torch.sigmoid(f + p_f * c) * c + torch.sigmoid(
        i + p_i * c) * torch.tanh(gg)
    h_new = torch.sigmoid(o + p_o * c_new) * torch.tanh(c_new)
    return h_new, c_new


def test_fused_grouped_cell_equals_per_gate_formulation():
    torch.manual_seed(1)
    cell = ConvLSTMCell(3, 4, peephole=True, bias_maps=True,
                        spatial_size=(5, 6), groups=2)
    for param in cell.parameters():
        torch.nn.init.normal_(param, std=0.3)
    x = torch.rand(2, 6, 5, 6)
    h = torch.rand(2, 8, 5, 6)
    c = torch.rand(2, 8, 5, 6)
    h_new, c_new = cell(x, (h, c))
    for group in range(2):
        ref_h, ref_c = reference_step(cell, x[:, 3 * group:3 * group + 3],
                                      h[:, 4 * group:4 * group + 4],
                                      c[:, 4 * group:4 * group + 4], group)
        torch.testing.assert_close(h_new[:, 4 * group:4 * group + 4], ref_h)
        torch.testing.assert_close(c_new[:, 4 * group:4 * group + 4], ref_c)


def reference_branch_convs(head, hidden, group):
    """Branch ``group``'s per-frame convs on one frame's hidden state, in
    the default (row-major) memory format."""
    import torch.nn.functional as F
    out = hidden
    for conv in head.branches[group]:
        if isinstance(conv, torch.nn.Conv2d):
            out = F.conv2d(out, conv.weight.contiguous(), conv.bias,
                           padding=conv.padding)
            out = out.relu()  # every branch conv has its ReLU (S and C)
    return out


@pytest.mark.parametrize('fusion', ['sum', 'concat'])
def test_head_equals_a_per_branch_per_frame_formulation(fusion):
    """The fused, grouped, batched, channels-last head computes exactly two
    separate ConvLSTM branches (per-gate convolutions, a Python loop over
    frames) followed by per-frame, per-branch convs, summed (S) or
    concatenated and fused (C)."""
    import torch.nn.functional as F
    torch.manual_seed(2)
    head = BiConvLSTMHead(fusion=fusion, num_keypoints=3,
                          heatmap_size=(7, 6))
    for param in head.parameters():
        torch.nn.init.normal_(param, std=0.2)
    feats = torch.rand(2, 4, 3, 6, 7)
    out = head(feats)
    frames, hidden = feats.shape[1], head.cell.hidden_channels
    branch_outputs = []
    for group, order in ((0, range(frames)), (1, reversed(range(frames)))):
        h = c = feats.new_zeros(2, hidden, 6, 7)
        per_frame = {}
        for t in order:
            h, c = reference_step(head.cell, feats[:, t], h, c, group)
            per_frame[t] = reference_branch_convs(head, h, group)
        branch_outputs.append(torch.stack(
            [per_frame[t] for t in range(frames)], dim=1))
    forward, backward = branch_outputs
    if fusion == 'sum':
        expected = forward + backward
    else:
        fused = torch.cat([forward, backward], dim=2).flatten(0, 1)
        first, last = [m for m in head.fuse if isinstance(m, torch.nn.Conv2d)]
        # no activation on the two 1x1 convs (the thesis's code)
        fused = F.conv2d(
            F.conv2d(fused, first.weight.contiguous(), first.bias),
            last.weight.contiguous(), last.bias)
        expected = fused.reshape(2, frames, 3, 6, 7)
    torch.testing.assert_close(out, expected, rtol=1e-4, atol=1e-4)


def test_maps_need_a_spatial_size_and_fusion_is_checked():
    with pytest.raises(ValueError, match='spatial_size'):
        ConvLSTMCell(2, 2, peephole=True)
    with pytest.raises(ValueError, match='fusion'):
        BiConvLSTMHead(fusion='max')


def _input_driven_share(head: BiConvLSTMHead, feats: torch.Tensor) -> float:
    """||f(x) - f(0)|| / ||f(x)||: the part of the output the input moves."""
    with torch.no_grad():
        out = head(feats)
        blank = head(torch.zeros_like(feats))
    return float((out - blank).norm() / out.norm())


@pytest.mark.parametrize('seed', [0, 1])
def test_model_s_config_init_carries_the_input_through_its_relu_stacks(seed):
    """With PyTorch's default conv init Model S's output at the start is
    its last biases (the input barely reaches it, and training then drives
    it below zero); the config's He init makes it input-driven."""
    init_cfg = Config.fromfile(
        'configs/_base_/models/biconvlstm_s.py').refiner.head.init_cfg
    # heatmap peaks of height 1 (the config's max-scaled inputs)
    ys, xs = torch.meshgrid(
        torch.arange(16.), torch.arange(16.), indexing='ij')
    centres = torch.rand(2, 5, 3, 2,
                         generator=torch.Generator().manual_seed(seed)) * 12
    feats = torch.exp(-((xs - centres[..., :1, None]) ** 2 +
                        (ys - centres[..., 1:, None]) ** 2) / 2)
    shares = {}
    for name, cfg in (('default', None), ('config', init_cfg)):
        torch.manual_seed(seed)
        head = BiConvLSTMHead(
            fusion='sum', num_keypoints=3, heatmap_size=(16, 16),
            init_cfg=cfg)
        head.init_weights()
        shares[name] = _input_driven_share(head, feats)
    assert shares['config'] > 0.99, shares
    assert shares['default'] < 0.05, shares


def test_recurrence_backward_does_not_fill_the_whole_gate_tensor_per_frame():
    """Each step takes its frame's gates by unbinding: indexing x_gates[:, t]
    would make every step's backward zero-fill a gradient of the whole
    (B, T, G*4D, H, W) tensor (T fills of it)."""
    from torch.profiler import profile
    head = BiConvLSTMHead(fusion='sum', num_keypoints=2, hidden_channels=3,
                          heatmap_size=(6, 5), branch_layers=None)
    feats = torch.rand(2, 4, 2, 5, 6, requires_grad=True)
    gates_shape = [2, 4, 2 * 4 * 3, 5, 6]  # (B, T, G*4D, H, W), G = 2
    with profile(record_shapes=True) as prof:
        head(feats).sum().backward()
    whole_fills = [
        event for event in prof.events()
        if event.name in ('aten::zero_', 'aten::fill_') and event.input_shapes
        and event.input_shapes[0] == gates_shape
    ]
    assert feats.grad is not None
    assert whole_fills == []
