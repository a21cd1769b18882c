"""Real detections against simulated ones: the fit of the noise model.

    python tools/analysis/detection_noise_stats.py REAL.npz [REAL.npz ...] \
        [--key det25] [--mocap ../shared/data/cmu_mocap] [--fps 30] \
        [--clips N] [--noise key=value ...] [--json OUT.json] \
        [--plot OUT.png]

Measures, with the same estimator (``mmclimb.evaluation.functional.
detection_statistics``: a robust smoother stands in for the unknown truth),
real detections (keypoint ``.npz`` files with (T, 25, 2|3) image pixels,
NaN where missing, and an ``fps``) and simulated detections of CMU motion
capture at the same frame rate (``simulate_clip_detections``: a random
camera per clip and ``SimulateKeypointNoise`` with its defaults, or
``--noise`` overrides). Prints one Markdown table of both and optionally
writes the numbers (JSON) and a figure of the residual scales per
keypoint, residual size histograms, autocorrelations and spectra.
"""
import argparse
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

import mmclimb  # noqa: F401  registers the transforms
from mmclimb.datasets import CMUMocapDataset
from mmclimb.evaluation.functional import detection_statistics, summarise
from mmclimb.fileio import save_json_atomic
from mmclimb.utils import add_debug_argument, run_main

GROUPS = (('face', [0, 1, 2]), ('torso', [3, 4, 15, 16]),
          ('elbows_knees', [5, 6, 17, 18]), ('wrists_ankles', [7, 8, 19,
                                                              20]),
          ('hands', [9, 10, 11, 12, 13, 14]), ('feet', [21, 22, 23, 24]))
#: Keypoints whose residual correlation with their parent the table shows
#: (ears-nose, elbows-shoulders, wrists-elbows, fingers-wrists,
#: hips-shoulders, knees-hips, ankles-knees, heels and toes-ankles).
LINKS = (('ear', [1, 2]), ('elbow', [5, 6]), ('wrist', [7, 8]),
         ('finger', [9, 10, 11, 12, 13, 14]), ('hip', [15, 16]),
         ('knee', [17, 18]), ('ankle', [19, 20]), ('foot', [21, 22, 23, 24]))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('real', nargs='+', help='real detections (.npz)')
    parser.add_argument('--key', default='det25',
                        help='keypoint array in the .npz (default det25, '
                        'else keypoints)')
    parser.add_argument('--mocap', default='../shared/data/cmu_mocap',
                        help='CMU motion-capture folder (bvh/)')
    parser.add_argument('--fps', type=float,
                        help='frame rate of the simulation (default: the '
                        "first real file's fps)")
    parser.add_argument('--clips', type=int, default=16,
                        help='simulated clips (every n-th of the sorted '
                        'training clips)')
    parser.add_argument('--noise', nargs='+', action=DictAction, default={},
                        help='SimulateKeypointNoise overrides, key=value')
    parser.add_argument('--cache-dir', default='data/cache/cmu_mocap',
                        help="parsed clips' cache ('' for none)")
    parser.add_argument('--json', help='write the statistics here')
    parser.add_argument('--plot', help='write the comparison figure here')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def load_real(path: str, key: str):
    """(T, K, 2) keypoints with NaN where missing, and the fps."""
    with np.load(path) as data:
        name = key if key in data.files else 'keypoints'
        if name not in data.files:
            raise SystemExit(f'{path}: no {key!r} or "keypoints" array '
                             f'(has {data.files})')
        keypoints = np.asarray(data[name], dtype=np.float64)[..., :2]
        fps = float(data['fps']) if 'fps' in data.files else None
    return keypoints, fps


def simulated(args, fps: float):
    """Statistics of simulated detections of training clips at ``fps``."""
    dataset = CMUMocapDataset(
        data_root=args.mocap,
        exclude=[],
        seq_len=2,
        cache_dir=args.cache_dir or None,
        lazy_init=True)
    dataset.full_init()
    names = sorted(dataset.clips)
    step = max(1, len(names) // args.clips)
    stats = []
    for seed, name in enumerate(names[::step][:args.clips]):
        sim = dataset.simulate_detections(name, fps, seed, noise=args.noise)
        stats.append(detection_statistics(sim['detections'], fps))
    return stats


def pooled(stats: list) -> dict:
    """Frame-weighted means of several sequences' statistics."""
    weights = np.array([s['num_frames'] for s in stats], dtype=np.float64)
    weights /= weights.sum()
    out = {}
    for key in ('residual_scale', 'residual_acf', 'parent_correlation',
                'outlier_rate', 'speed',
                'accel', 'missing_frame_rate', 'swap_rate', 'outlier_size',
                'torso_px'):
        out[key] = sum(w * np.asarray(s[key]) for w, s in zip(weights, stats))
    out['residual_hist'] = (stats[0]['residual_hist'][0],
                            sum(w * s['residual_hist'][1]
                                for w, s in zip(weights, stats)))
    out['residual_psd'] = (stats[0]['residual_psd'][0],
                           sum(w * s['residual_psd'][1]
                               for w, s in zip(weights, stats)))
    out['group_flip_rate'] = {
        k: float(sum(w * s['group_flip_rate'][k]
                     for w, s in zip(weights, stats)))
        for k in stats[0]['group_flip_rate']
    }
    out['num_frames'] = int(sum(s['num_frames'] for s in stats))
    return out


def table(rows: dict) -> str:
    """One Markdown row per source."""
    cols = [f'{g} scale' for g, _ in GROUPS] + [
        f'{name} corr' for name, _ in LINKS] + [
        'outliers', 'acf 1', 'acf 2', 'swaps', 'arm flips', 'leg flips',
        'body flips', 'missing frames', 'speed p50', 'speed p95'
    ]
    lines = ['| source | frames | ' + ' | '.join(cols) + ' |',
             '|---' * (len(cols) + 2) + '|']
    for name, s in rows.items():
        groups = summarise(s, GROUPS)
        values = [groups[f'{g}_scale'] for g, _ in GROUPS] + [
            float(np.mean(s['parent_correlation'][index]))
            for _, index in LINKS] + [
            float(np.mean(s['outlier_rate'])), s['residual_acf'][0],
            s['residual_acf'][1], s['swap_rate'],
            s['group_flip_rate']['arms'], s['group_flip_rate']['legs'],
            s['group_flip_rate']['body'], s['missing_frame_rate'],
            s['speed'][2], s['speed'][4]
        ]
        lines.append(f'| {name} | {s["num_frames"]} | ' +
                     ' | '.join(f'{v:.4f}' for v in values) + ' |')
    return '\n'.join(lines)


def plot(rows: dict, path: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 5, figsize=(22, 4))
    for name, s in rows.items():
        axes[0].plot(s['residual_scale'], marker='o', label=name)
        edges, density = s['residual_hist']
        axes[1].loglog(np.sqrt(edges[1:] * edges[:-1]), density, label=name)
        axes[2].plot(np.arange(1, len(s['residual_acf']) + 1),
                     s['residual_acf'], marker='o', label=name)
        freqs, power = s['residual_psd']
        axes[3].semilogy(freqs, power, label=name)
        axes[4].plot(s['parent_correlation'], marker='o', label=name)
    titles = ('residual scale per keypoint (torsos)',
              'residual size density (torsos)', 'residual autocorrelation',
              'residual spectrum (Hz)',
              'residual correlation with the parent keypoint')
    for ax, title in zip(axes, titles):
        ax.set_title(title)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=80)


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def main(argv=None):
    args = parse_args(argv)
    rows, fps = {}, args.fps
    reals = []
    for path in args.real:
        keypoints, file_fps = load_real(path, args.key)
        fps_here = file_fps or args.fps or 30.0
        fps = fps or fps_here
        reals.append(detection_statistics(keypoints, fps_here))
    rows['real (' + ', '.join(osp.basename(p) for p in args.real) +
         ')'] = pooled(reals)
    rows[f'simulated ({args.clips} CMU clips, {fps:g} fps)'] = pooled(
        simulated(args, fps))
    print(table(rows))
    if args.json:
        save_json_atomic(args.json, jsonable(rows))
    if args.plot:
        plot(rows, args.plot)
        print(f'figure: {args.plot}')


if __name__ == '__main__':
    sys.exit(run_main(main))
