"""Plot a training run's loss and validation PCK per epoch.

    python tools/analysis/plot_training.py WORK_DIR [--out curves.png]

Reads the newest ``WORK_DIR/<timestamp>/vis_data/scalars.json`` that
mmengine's ``LocalVisBackend`` wrote.
"""
import argparse
import glob
import json
import os.path as osp
import sys
from collections import defaultdict

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

from mmclimb.utils import add_debug_argument, run_main

PCK_KEYS = ('PCK@0.05', 'PCK@0.1', 'PCK@0.2')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir')
    parser.add_argument(
        '--out', help='PNG to write (default: WORK_DIR/training_curves.png)')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def read_scalars(work_dir: str):
    """Train loss per epoch (mean) and validation rows, from the newest
    run in ``work_dir``."""
    files = sorted(
        glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not files:
        raise FileNotFoundError(f'no */vis_data/scalars.json in {work_dir}')
    train = defaultdict(list)
    val = []
    with open(files[-1]) as f:
        for line in f:
            row = json.loads(line)
            if 'PCK@0.05' in row:
                val.append(row)
            elif 'loss' in row and 'epoch' in row:
                train[row['epoch']].append(row['loss'])
    epochs = sorted(train)
    loss = [sum(train[e]) / len(train[e]) for e in epochs]
    return epochs, loss, val


def plot(work_dir: str, out: str) -> str:
    epochs, loss, val = read_scalars(work_dir)
    fig, (ax_loss, ax_pck) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, loss, 'o-', label='train')
    if val and 'loss' in val[0]:
        ax_loss.plot([r['step'] for r in val], [r['loss'] for r in val], 'o-',
                     label='validation')
    ax_loss.set(xlabel='epoch', ylabel='loss', title='loss')
    ax_loss.legend()
    for key in PCK_KEYS:
        ax_pck.plot([r['step'] for r in val], [r[key] for r in val], 'o-',
                    label=key)
    ax_pck.set(xlabel='epoch', ylabel='%', title='validation PCK')
    ax_pck.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out


def main(argv=None):
    args = parse_args(argv)
    out = args.out or osp.join(args.work_dir, 'training_curves.png')
    print(f'training curves written to {plot(args.work_dir, out)}')


if __name__ == '__main__':
    sys.exit(run_main(main))
