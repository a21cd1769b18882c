"""--device values the machine cannot serve are a clear error."""
import argparse

import pytest
import torch

from mmclimb.utils import check_device, device_argument


def test_cpu_is_fine():
    assert check_device('cpu') == 'cpu'


@pytest.mark.parametrize('device,match', [
    ('garbage', "'garbage' is not a device"),
    ('cuda:x', "'cuda:x' is not a device"),
    ('meta', 'runs on cpu, cuda, mps, not meta'),
])
def test_not_a_usable_device(device, match):
    with pytest.raises(ValueError, match=match):
        check_device(device)


def test_cuda_on_a_machine_without_it(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    with pytest.raises(ValueError, match='no CUDA device.*use --device cpu'):
        check_device('cuda')


def test_cuda_index_beyond_the_devices(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    monkeypatch.setattr(torch.cuda, 'device_count', lambda: 1)
    assert check_device('cuda:0') == 'cuda:0'
    with pytest.raises(ValueError, match=r"'cuda:7': this machine has 1 "
                       r'CUDA device\(s\): cuda:0'):
        check_device('cuda:7')


def test_argparse_type_makes_it_a_usage_error(capsys):
    parser = argparse.ArgumentParser(prog='tool')
    parser.add_argument('--device', type=device_argument)
    with pytest.raises(SystemExit) as info:
        parser.parse_args(['--device', 'garbage'])
    assert info.value.code == 2
    assert "argument --device: device 'garbage' is not a device" in \
        capsys.readouterr().err
