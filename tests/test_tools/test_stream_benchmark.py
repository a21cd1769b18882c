"""tools/analysis/stream_benchmark.py on a short stream (no timing asserted)."""
import importlib.util

from conftest import REPO


def _main():
    path = REPO / 'tools' / 'analysis' / 'stream_benchmark.py'
    spec = importlib.util.spec_from_file_location('stream_benchmark', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_prints_a_row_per_clock_with_a_cell_per_block(tmp_path, capsys):
    out = tmp_path / 'bench.md'
    _main()(['configs/gaussian_filter_climb.py', '--frames', '25', '--block',
             '10', '--lag', '3', '--markdown', str(out)])
    rows = [line for line in out.read_text().splitlines()
            if line.startswith('| configs/')]
    assert [row.split(' | ')[1:3] for row in rows] == [['wall', '3'],
                                                        ['cpu', '3']]
    # blocks 0-9, 10-19 and 20-24: three "median / p95" cells per row
    assert all(row.count(' / ') == 3 for row in rows)
    assert 'frames 20-29' in out.read_text()
    assert out.read_text() in capsys.readouterr().out + '\n'
