"""tools/benchmark.py end to end on tiny workloads (figures, not speeds)."""
import json

from conftest import climb_data_options, run_tool

from mmclimb.utils import allocator, allocator_mode, resolve_precision


def test_benchmark_prints_and_writes_tables(python, tmp_path,
                                            tiny_climb_root):
    markdown, raw = tmp_path / 'bench.md', tmp_path / 'bench.json'
    proc = run_tool(
        python, 'tools/benchmark.py', 'configs/conv3d_climb.py',
        'configs/gaussian_filter_climb.py', '--precisions', 'fp32',
        '--batch-sizes', '1', '2', '--repeats', '1', '--sequence-frames', '20',
        '--heatmap-sequence-frames', '8', '--train-iterations', '1',
        '--train-batch-size', '2', '--backend-threads', '1', '--profile',
        '--markdown', markdown, '--json', raw, '--cfg-options',
        *climb_data_options(tiny_climb_root, batch_size=2))
    # the operator table of the profile, per config and precision
    assert 'conv3d_climb fp32 batch 2:' in proc.stdout
    assert 'conv3d_climb fp32 training step, batch 2:' in proc.stdout
    assert 'aten::convolution_backward' in proc.stdout
    # the mode in effect: glibc keeps freed memory unless told not to
    kept = allocator_mode() == 'keep' and allocator.glibc() is not None
    assert f'allocator: {"keep" if kept else "system"}' in proc.stdout
    assert 'aten::mkldnn_convolution' in proc.stdout
    figures = json.loads(raw.read_text())
    rows = {row['config']: row for row in figures['rows']}
    assert set(rows) == {'conv3d_climb', 'gaussian_filter_climb'}
    conv = rows['conv3d_climb']
    assert conv['gflop_per_window'] == 2.45
    assert conv['sequence_frames'] == 8 and conv['loop_fps'] > 0
    assert 0 <= conv['train_data_fraction'] <= 1
    assert 'train_step_s' not in rows['gaussian_filter_climb']
    # the backend comparison: the learned refiner only, both backends
    backends = {(row['config'], row['backend'], row['threads'])
                for row in figures['backend_rows']}
    assert backends == {('conv3d_climb', 'pytorch', 1),
                        ('conv3d_climb', 'onnxruntime', 1)}
    assert all(row['ms_per_window_b2'] > 0
               for row in figures['backend_rows'])
    text = markdown.read_text()
    assert 'Command: `python tools/benchmark.py' in text
    # fp32 is the 3DConv's default only where the CPU has no bf16 units
    assert conv['default'] == (resolve_precision('auto', 'bf16') == 'fp32')
    default = 'yes' if conv['default'] else '-'
    assert f'| conv3d_climb | heatmaps | fp32 | {default} | 2.450 |' in text
    assert rows['gaussian_filter_climb']['default']
    assert 'peak memory MiB' in text
    assert '| conv3d_climb | onnxruntime | fp32 | 1 |' in text
    # every table's lines have as many columns as its header
    tables = [[line for line in block.splitlines() if line.startswith('|')]
              for block in text.split('\n\n')]
    tables = [t for t in tables if t]
    assert len(tables) == 3
    for table in tables:
        assert {line.count('|') for line in table} == {table[0].count('|')}
    assert not list(tmp_path.glob('.*tmp'))
