"""tools/dataset_converters/make_climbalong_split.py on tiny videos."""
import json

from conftest import run_tool, write_video


def test_thesis_and_per_video_split_files(tmp_path, python):
    for seed, (name, length) in enumerate(dict(a=12, b=9, c=30).items()):
        write_video(tmp_path, name, length, seed=seed)
    proc = run_tool(python, 'tools/dataset_converters/make_climbalong_split.py',
                    tmp_path)
    assert 'test_long: 26 windows' in proc.stdout
    split = json.loads((tmp_path / 'splits.json').read_text())
    assert split['splits']['test_long'] == ['c']
    out = tmp_path / 'videos.json'
    run_tool(python, 'tools/dataset_converters/make_climbalong_split.py',
             tmp_path, '--method', 'per-video', '--fractions', 'train=0.34',
             'test=0.66', '--out', out)
    split = json.loads(out.read_text())
    assert split['splits'] == dict(train=['a'], test=['b', 'c'])
