"""The loader workers' data warnings are counted and said once per run."""
from types import SimpleNamespace

import numpy as np
from mmcv.transforms import BaseTransform
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmpose.structures import PoseDataSample
from torch.utils.data import DataLoader

from mmclimb.datasets import WindowDataset, warn_data
from mmclimb.engine import DataWarningHook


class WarnOddWindowsForTest(BaseTransform):
    """Warns about every odd window of a video."""

    def transform(self, results):
        if results['window'] % 2:
            warn_data('odd window', results['video'])
        return dict(inputs=np.zeros(1, np.float32),
                    data_samples=PoseDataSample())


class TinyWindows(WindowDataset):
    """Two videos of 10 windows each."""

    def load_data_list(self):
        return [
            self._window_info(video, w, 20) for video in ('a', 'b')
            for w in range(10)
        ]


class Logger:

    def __init__(self):
        self.lines = []

    def warning(self, line):
        self.lines.append(line)


def _run(num_workers):
    dataset = TinyWindows(
        seq_len=2, pipeline=[WarnOddWindowsForTest()])
    loader = DataLoader(dataset, batch_size=3, num_workers=num_workers,
                        collate_fn=pseudo_collate)
    runner = SimpleNamespace(train_dataloader=loader, logger=Logger())
    hook = DataWarningHook()
    for epoch in range(2):
        hook.before_train_epoch(runner)
        for i, batch in enumerate(loader):
            hook.after_train_iter(runner, i, batch)
    hook.after_run(runner)
    return runner.logger.lines


def test_workers_warnings_come_back_counted_once(capfd):
    lines = _run(num_workers=2)
    # 5 odd windows per video, 2 videos, 2 epochs
    assert lines == [
        'data: odd window: window samples 20 in training, from 2 videos '
        '(a, b)'
    ]
    # nothing said inside the worker processes
    assert 'odd window' not in capfd.readouterr().err


def test_in_process_loading_counts_the_same(recwarn):
    assert _run(num_workers=0) == _run(num_workers=2)
    assert not [w for w in recwarn if 'odd window' in str(w.message)]


def test_without_the_hook_the_warning_is_shown_where_it_happens(recwarn):
    dataset = TinyWindows(
        seq_len=2, pipeline=[WarnOddWindowsForTest()])
    sample = dataset[1]['data_samples']
    assert 'data_warnings' not in sample.metainfo
    assert [str(w.message) for w in recwarn] == ['odd window']


def test_every_run_has_the_hook():
    cfg = Config.fromfile('configs/deciwatch_climb.py')
    assert cfg.default_hooks.data_warnings.type == 'DataWarningHook'
