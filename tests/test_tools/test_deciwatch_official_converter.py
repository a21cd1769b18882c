"""tools/model_converters/deciwatch_official.py on an official-style file."""
import torch

from conftest import official_deciwatch_names, run_tool


def test_converter_tool_writes_a_checkpoint_the_config_loads(tmp_path,
                                                             python):
    from mmclimb.models import DeciWatchHead
    from mmclimb.utils import convert_official_deciwatch
    head = DeciWatchHead()
    names = official_deciwatch_names(5, 5)
    mapping = convert_official_deciwatch({n: torch.zeros(1) for n in names})
    ours = head.state_dict()
    official = {
        off: ours[mine[len('head.'):]]
        for off, mine in zip(names, mapping)
    }
    src, dst = tmp_path / 'official.pth', tmp_path / 'mmclimb.pth'
    torch.save(dict(state_dict=official, epoch=70), src)
    proc = run_tool(python, 'tools/model_converters/deciwatch_official.py',
                    src, dst, '--config', 'configs/deciwatch_climb.py')
    assert f'{len(names)} tensors written' in proc.stdout
    converted = torch.load(dst, weights_only=True)['state_dict']
    for name, tensor in ours.items():
        torch.testing.assert_close(converted[f'head.{name}'], tensor)
