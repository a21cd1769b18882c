"""Print refiners' test metrics side by side, as a Markdown table.

    python tools/analysis/compare_results.py \
        Identity=work_dirs/identity.json DeciWatch=work_dirs/deciwatch.json

Each argument is ``NAME=PATH`` with PATH a ``tools/test.py --out`` file.
"""
import argparse
import json
import sys
from typing import Dict, List, Sequence

from mmclimb.utils import add_debug_argument, run_main

COLUMNS = ('PCK@0.05', 'PCK@0.1', 'PCK@0.2', 'MPJPE_px', 'accel_err')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('results', nargs='+', metavar='NAME=PATH')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def load_results(pairs: Sequence[str]) -> Dict[str, dict]:
    """``NAME=PATH`` pairs -> {name: metrics}."""
    results = {}
    for pair in pairs:
        name, sep, path = pair.partition('=')
        if not sep:
            raise ValueError(f'expected NAME=PATH, got {pair!r}')
        with open(path) as f:
            results[name] = json.load(f)
    return results


def markdown_table(results: Dict[str, dict],
                   columns: Sequence[str] = COLUMNS) -> str:
    """One row per refiner; PCK in %, errors in px (per frame^2)."""
    lines: List[str] = [
        '| model | ' + ' | '.join(columns) + ' |',
        '|---' * (len(columns) + 1) + '|',
    ]
    for name, metrics in results.items():
        cells = [
            f'{metrics[c]:.1f}' if c in metrics else '-' for c in columns
        ]
        lines.append(f'| {name} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    print(markdown_table(load_results(args.results)))


if __name__ == '__main__':
    sys.exit(run_main(main))
