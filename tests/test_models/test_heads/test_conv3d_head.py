import pytest
import torch
import torch.nn.functional as F

from mmclimb.models import Conv3DHead


def test_thesis_parameter_count():
    assert sum(p.numel() for p in Conv3DHead().parameters()) == 78150


def test_forward_is_conv3d_then_relu_and_backward_works():
    head = Conv3DHead(num_keypoints=3, seq_len=5)
    feats = torch.rand(2, 5, 3, 8, 8, requires_grad=True)
    out = head(feats)
    assert out.shape == feats.shape
    expected = F.relu(
        F.conv3d(feats.transpose(1, 2), head.conv.weight, head.conv.bias,
                 padding=(2, 2, 2))).transpose(1, 2)
    torch.testing.assert_close(out, expected)
    out.sum().backward()
    assert feats.grad is not None and head.conv.weight.grad is not None


def test_same_padding_reaches_t_over_2_frames_each_way():
    head = Conv3DHead(num_keypoints=2, seq_len=5)
    torch.nn.init.constant_(head.conv.weight, 0.01)
    feats = torch.zeros(1, 5, 2, 6, 6)
    base = head(feats)
    feats[0, 4] = 1  # the last frame
    changed = (head(feats) != base)[0].flatten(1).any(-1)
    assert changed.tolist() == [False, False, True, True, True]


def test_even_kernel_is_rejected():
    with pytest.raises(ValueError, match='odd'):
        Conv3DHead(seq_len=4)
