"""Real detections against simulated ones: the fit of the noise model.

    python tools/analysis/detection_noise_stats.py REAL.npz [REAL.npz ...] \
        [--key det25] [--mocap ../shared/data/cmu_mocap] [--fps 30] \
        [--clips N] [--noise key=value ...] [--scores [key=value ...]] \
        [--json OUT.json] [--plot OUT.png]

Measures, with the same estimator (``mmclimb.evaluation.functional.
detection_statistics``: a robust smoother stands in for the unknown truth),
real detections (keypoint ``.npz`` files with (T, 25, 2|3) image pixels,
NaN where missing, and an ``fps``) and simulated detections of CMU motion
capture at the same frame rate (``simulate_clip_detections``: a random
camera per clip and ``SimulateKeypointNoise`` with its defaults, or
``--noise`` overrides). Prints one Markdown table of both and optionally
writes the numbers (JSON) and a figure of the residual scales per
keypoint, residual size histograms, autocorrelations and spectra.

With ``--scores`` it also compares the detector's scores (the real files'
third channel, MediaPipe's visibility) with ``SimulateDetectorScores``
(its defaults, or the given overrides) on the same simulated clips:
``mmclimb.evaluation.functional.score_statistics``, the residual sizes by
score bin, the score quantiles and the median score of the core
keypoints and of each side's limbs.
"""
import argparse
import os.path as osp
import sys

import numpy as np
from mmengine.config import DictAction

import mmclimb  # noqa: F401  registers the transforms
from mmclimb.datasets import CMUMocapDataset
from mmclimb.datasets.transforms.simulate_detector_scores import DEFAULT_CORE
from mmclimb.evaluation.functional import (detection_statistics,
                                           score_statistics, summarise)
from mmclimb.evaluation.functional.detection_statistics import FLIP_PAIRS
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
    parser.add_argument('--scores', nargs='*', action=DictAction,
                        help='also compare scores; SimulateDetectorScores '
                        'overrides, key=value')
    parser.add_argument('--cache-dir', default='data/cache/cmu_mocap',
                        help="parsed clips' cache ('' for none)")
    parser.add_argument('--json', help='write the statistics here')
    parser.add_argument('--plot', help='write the comparison figure here')
    add_debug_argument(parser)
    return parser.parse_args(argv)


#: Keypoint groups of the score table: the core of SimulateDetectorScores
#: (nose, shoulders, hips), the left and the right limbs (the ears with
#: their side).
SCORE_GROUPS = (('core', list(DEFAULT_CORE)),
                ('left', [a for a, _ in FLIP_PAIRS if a not in DEFAULT_CORE]),
                ('right', [b for _, b in FLIP_PAIRS
                           if b not in DEFAULT_CORE]))


def load_real(path: str, key: str):
    """(T, K, 2) keypoints with NaN where missing, the scores (T, K) (the
    third channel; None without one) and the fps."""
    with np.load(path) as data:
        name = key if key in data.files else 'keypoints'
        if name not in data.files:
            raise SystemExit(f'{path}: no {key!r} or "keypoints" array '
                             f'(has {data.files})')
        array = np.asarray(data[name], dtype=np.float64)
        fps = float(data['fps']) if 'fps' in data.files else None
    scores = array[..., 2] if array.shape[-1] > 2 else None
    return array[..., :2], scores, fps


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
    stats, scored = [], []
    for seed, name in enumerate(names[::step][:args.clips]):
        sim = dataset.simulate_detections(name, fps, seed, noise=args.noise,
                                          scores=args.scores)
        stats.append(detection_statistics(sim['detections'], fps))
        if args.scores is not None:
            scored.append(score_statistics(
                sim['detections'], sim['scores'], fps,
                groups=[g for _, g in SCORE_GROUPS]))
    return stats, scored


def pooled_scores(stats: list) -> dict:
    """Point-weighted means of several sequences' score statistics."""
    edges = sorted({(b['low'], b['high']) for s in stats for b in s['bins']})
    bins = []
    for low, high in edges:
        members = [b for s in stats for b in s['bins']
                   if (b['low'], b['high']) == (low, high)]
        weight = np.array([b['share'] for b in members])
        bins.append(dict(
            low=low, high=high, share=float(weight.sum() / len(stats)),
            **{key: float(np.average([b[key] for b in members],
                                     weights=weight))
               for key in ('residual', 'residual_p90', 'beyond')}))
    return dict(
        score_quantiles=np.mean([s['score_quantiles'] for s in stats], 0),
        group_median=np.mean([s['group_median'] for s in stats], 0),
        bins=bins)


def score_table(rows: dict) -> str:
    """Residual sizes by score bin, one Markdown row per source and bin,
    then the quantiles and group medians."""
    lines = ['| source | score bin | share % | mean residual (torsos) | '
             'p90 | beyond 0.1 torso % |', '|---|---|---|---|---|---|']
    for name, s in rows.items():
        for b in s['bins']:
            lines.append(
                f'| {name} | {b["low"]:.2f}-{b["high"]:.2f} | '
                f'{100 * b["share"]:.1f} | {b["residual"]:.3f} | '
                f'{b["residual_p90"]:.3f} | {100 * b["beyond"]:.1f} |')
    lines += ['', '| source | score quantiles 5/10/25/50/75/90 % | ' +
              ' | '.join(f'{g} median' for g, _ in SCORE_GROUPS) + ' |',
              '|---|---|' + '---|' * len(SCORE_GROUPS)]
    for name, s in rows.items():
        quantiles = ' / '.join(f'{q:.3f}' for q in s['score_quantiles'])
        lines.append(f'| {name} | {quantiles} | ' + ' | '.join(
            f'{m:.3f}' for m in s['group_median']) + ' |')
    return '\n'.join(lines)


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
    reals, real_scores = [], []
    for path in args.real:
        keypoints, scores, file_fps = load_real(path, args.key)
        fps_here = file_fps or args.fps or 30.0
        fps = fps or fps_here
        reals.append(detection_statistics(keypoints, fps_here))
        if args.scores is not None:
            if scores is None:
                raise SystemExit(f'{path}: --scores needs a third (score) '
                                 f'channel in {args.key!r}')
            real_scores.append(score_statistics(
                keypoints, scores, fps_here,
                groups=[g for _, g in SCORE_GROUPS]))
    real_name = 'real (' + ', '.join(osp.basename(p)
                                     for p in args.real) + ')'
    sim_name = f'simulated ({args.clips} CMU clips, {fps:g} fps)'
    sim_stats, sim_scores = simulated(args, fps)
    rows[real_name] = pooled(reals)
    rows[sim_name] = pooled(sim_stats)
    print(table(rows))
    if args.scores is not None:
        score_rows = {real_name: pooled_scores(real_scores),
                      sim_name: pooled_scores(sim_scores)}
        print()
        print(score_table(score_rows))
        for name, s in score_rows.items():
            rows[name]['scores'] = s
    if args.json:
        save_json_atomic(args.json, jsonable(rows))
    if args.plot:
        plot(rows, args.plot)
        print(f'figure: {args.plot}')


if __name__ == '__main__':
    sys.exit(run_main(main))
