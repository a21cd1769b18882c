"""tools/demo.sh (``make demo``) end to end, one epoch on tiny data."""
import json
import sys
from pathlib import Path

from conftest import run_tool


def test_demo_trains_tests_compares_and_says_where_things_are(
        tiny_climb_root, tmp_path):
    out = tmp_path / 'demo'
    proc = run_tool(
        'bash', 'tools/demo.sh',
        env=dict(VENV=sys.prefix, DEMO_DATA=str(tiny_climb_root),
                 DEMO_DIR=str(out), DEMO_EPOCHS='1'))
    text = proc.stdout
    assert f'using the dataset in {tiny_climb_root}' in text
    # the comparison table, a row per model with a number in every column
    rows = [line for line in text.splitlines() if line.startswith('|')]
    assert rows[0].startswith('| model | PCK@0.05 | PCK@0.1 | PCK@0.2 |')
    names = [row.split('|')[1].strip() for row in rows[2:]]
    assert names == ['Identity (raw detector)', 'DeciWatch']
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip('|').split('|')[1:]]
        assert len(cells) == 5 and all(float(c) >= 0 for c in cells)
    # what it names exists, and the table shows the metric files' values
    checkpoint = Path(text.split('[demo] checkpoint: ')[1].split()[0])
    assert checkpoint.is_file() and checkpoint.parent == out / 'deciwatch_climb'
    assert (out / 'deciwatch_training_curves.png').stat().st_size > 0
    identity = json.loads((out / 'identity_test.json').read_text())
    assert rows[2].split('|')[2].strip() == f'{identity["PCK@0.05"]:.1f}'
    assert 'Epoch(train) [1]' in proc.stdout + proc.stderr  # the progress
