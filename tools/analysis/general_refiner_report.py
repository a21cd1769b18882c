"""How refiners do on real detections and on held-out motion capture.

    python tools/analysis/general_refiner_report.py \
        --refiner NAME CONFIG [CHECKPOINT] [--refiner ...] \
        [--real DETECTIONS.npz ...] \
        [--mocap ../shared/data/cmu_mocap --clips-from CONFIG | --clips A B]
        [--climbalong data/synthetic_climb [--split test]]
        [--lag 0 2 4 full] [--fps 30 60] [--cameras 2] [--noise k=v ...]
        [--edge-bins 3 6 10] [--markdown OUT.md] [--json OUT.json]

Two tables, both through :func:`mmclimb.apis.refine_sequence` as a user
would refine a whole video (the raw input is always the first row):

- ``--real``: real detections without ground truth (keypoint ``.npz``,
  MMPose JSON, anything ``load_sequence`` reads). Per refiner the jitter
  (mean acceleration of the keypoints present in the input, px/frame^2),
  the mean displacement from the input (px) and the share of present
  keypoints moved by more than a tenth of the torso (%). With
  ``--edge-bins``, a second table splits the jitter by how far a frame
  is from the nearest end of the detector's run of frames
  (:func:`~mmclimb.evaluation.functional.jitter_by_edge_distance`).
- ``--mocap``: whole CMU clips (``--clips``, or the ``test_clips`` of a
  general config with ``--clips-from``) resampled to each ``--fps``, each
  seen by ``--cameras`` random cameras that follow the person, with
  simulated detections and scores (``simulate_clip_detections`` with
  ``SimulateDetectorScores``, seeds 0, 1, ...; a refiner without a score
  input ignores the scores).
  Per refiner and fps: torso PCK@0.05/0.1/0.2 in image pixels (%), the
  mean error (px) and the acceleration error (px/frame^2), pooled over
  clips and cameras. ``--noise`` overrides the noise model
  (``SimulateKeypointNoise`` arguments, ``key=value``), e.g. an easy video
  (a good detector: half the jitter, no outliers, swaps, flips or
  dropouts): ``--noise "jitter_gain=(0.5,0.5)" outlier_rate=0
  swap_rate=0 "group_swap_rate={}" drop_frame_rate=0``.

- ``--climbalong``: a ClimbAlong-format dataset (the demo data) with
  ground truth: every video with frames in ``--split`` (a split of its
  ``splits.json``) refined whole from its input ``.npz`` (the detector's
  heatmaps and boxes), scored like ``--mocap`` on the split's frames only
  (those of its windows).

With ``--lag``, every refiner is also run as a live stream
(:func:`mmclimb.apis.stream_sequence`) at each lag (``full``: the
refiner's largest; a lag above it is cut to it), each a row
``NAME, lag L (ms)`` with the latency at the input's rate (30 fps for the
ClimbAlong data). A frame streamed out before anything was seen (NaN) is
scored as the raw input.

Classical filters with an ``fps`` (One-Euro) are given the input's rate.
"""
import argparse
import ast
import json
import os.path as osp
import sys
import warnings
from collections import defaultdict
from typing import Dict, List, Optional

import numpy as np
from mmengine.config import Config

from mmclimb.apis import (StreamingRefiner, init_refiner, load_sequence,
                          refine_sequence, sequence_from_keypoints,
                          stream_sequence)
from mmclimb.datasets import CMUMocapDataset
from mmclimb.evaluation.functional import (accuracy_scores,
                                           displacement_scores,
                                           jitter_by_edge_distance,
                                           trajectory_jitter)
from mmclimb.fileio import open_npz, save_json_atomic, write_atomic
from mmclimb.utils import add_debug_argument, run_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--refiner', nargs='+', action='append',
                        default=[], metavar='NAME CONFIG [CHECKPOINT]',
                        help='a refiner to report (repeatable)')
    parser.add_argument('--real', nargs='+', default=[],
                        help='real detections without ground truth')
    parser.add_argument('--mocap', help='CMU motion-capture folder (bvh/)')
    parser.add_argument('--clips', nargs='+', help='clips to simulate')
    parser.add_argument('--clips-from',
                        help='a config whose test_clips to simulate')
    parser.add_argument('--climbalong',
                        help='ClimbAlong-format data root with targets')
    parser.add_argument('--split', default='test',
                        help='split of --climbalong to score')
    parser.add_argument('--lag', nargs='+', default=[],
                        help='also stream at these lags (frames, or full)')
    parser.add_argument('--fps', nargs='+', type=float, default=[30.0],
                        help='frame rates of the simulated videos')
    parser.add_argument('--cameras', type=int, default=2,
                        help='random cameras per clip and fps')
    parser.add_argument('--noise', nargs='+', default=[],
                        metavar='KEY=VALUE',
                        help='SimulateKeypointNoise overrides for --mocap '
                        '(values are Python literals)')
    parser.add_argument('--edge-bins', type=int, nargs='+',
                        help='with --real: also the jitter by distance '
                        '(frames) from the ends of the runs, in bins '
                        '[0, d1), [d1, d2), ..., [dn, inf)')
    parser.add_argument('--markdown', help='also write the tables here')
    parser.add_argument('--cache-dir', default='data/cache/cmu_mocap',
                        help="parsed clips' cache ('' for none)")
    parser.add_argument('--json', help='write the numbers here')
    add_debug_argument(parser)
    args = parser.parse_args(argv)
    for spec in args.refiner:
        if len(spec) not in (2, 3):
            parser.error('--refiner takes NAME CONFIG [CHECKPOINT], got '
                         f'{spec}')
    if not args.refiner:
        parser.error('give at least one --refiner NAME CONFIG [CHECKPOINT]')
    if args.mocap and not (args.clips or args.clips_from):
        parser.error('--mocap needs --clips or --clips-from')
    if not args.real and not args.mocap and not args.climbalong:
        parser.error('nothing to report: give --real, --mocap and/or '
                     '--climbalong')
    for lag in args.lag:
        if lag != 'full' and not lag.isdigit():
            parser.error(f'--lag takes frame counts or "full", got {lag}')
    args.noise = noise_overrides(parser, args.noise)
    return args


def noise_overrides(parser, items: List[str]) -> dict:
    """``KEY=VALUE`` items as a dict, each value a Python literal."""
    overrides = {}
    for item in items:
        key, sep, value = item.partition('=')
        try:
            if not sep or not key:
                raise ValueError
            overrides[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            parser.error(f'--noise takes KEY=VALUE with a Python literal '
                         f'value (e.g. outlier_rate=0 or '
                         f'"group_swap_rate={{}}"), got {item!r}')
    return overrides


def build_refiners(specs, lags=()) -> Dict[str, tuple]:
    """NAME -> (refiner, lag or None for offline), in the given order; one
    entry per refiner and lag after the offline one."""
    refiners = {}
    for name, config, *checkpoint in specs:
        refiner = init_refiner(config, checkpoint[0] if checkpoint else None)
        refiners[name] = (refiner, None)
        max_lag = StreamingRefiner(refiner).max_lag
        for lag in lags:
            lag = max_lag if lag == 'full' else min(int(lag), max_lag)
            refiners[f'{name}, lag {lag}'] = (refiner, lag)
    return refiners


def refine(refiner, sequence, fps: float) -> np.ndarray:
    """Refined keypoints (T, K, 2); filters with an fps get ``fps``.
    ``refiner`` is a (model, lag) pair of :func:`build_refiners`."""
    refiner, lag = refiner
    head = getattr(refiner, 'head', None)
    if hasattr(head, 'fps'):
        head.fps = float(fps)
    if lag is None:
        return refine_sequence(refiner, sequence)[0]
    refined = stream_sequence(refiner, sequence, lag=lag, fps=fps)[0]
    absent = np.isnan(refined)
    refined[absent] = sequence.keypoints[absent]
    return refined


def row_name(name: str, fps: float) -> str:
    """``NAME, lag L`` -> ``NAME, lag L (ms at fps)``."""
    if ', lag ' not in name:
        return name
    lag = int(name.rsplit(' ', 1)[1])
    return f'{name} ({1000 * lag / fps:.0f} ms)'


def real_rows(refiners: dict, paths: List[str],
              edge_bins: Optional[List[int]] = None) -> Dict[str, dict]:
    """The no-ground-truth table (module docstring); with ``edge_bins``
    each entry also holds ``by_edge``."""
    rows = defaultdict(dict)
    for path in paths:
        sequence = load_sequence(path)
        present = ~sequence.missing
        fps = sequence.fps or 30.0
        outputs = {'raw': sequence.keypoints}
        for name, refiner in refiners.items():
            outputs[name] = refine(refiner, sequence, fps)
        for name, refined in outputs.items():
            rows[name][path] = dict(
                jitter=trajectory_jitter(refined, present),
                **displacement_scores(refined, sequence.keypoints, present))
            if edge_bins:
                rows[name][path]['by_edge'] = jitter_by_edge_distance(
                    refined, present, edge_bins)
    return rows


def mocap_clips(args) -> List[str]:
    if args.clips:
        return list(args.clips)
    return list(Config.fromfile(args.clips_from).test_clips)


def mocap_rows(refiners: dict, args) -> Dict[str, dict]:
    """The simulated-detections table (module docstring)."""
    dataset = CMUMocapDataset(
        data_root=args.mocap, clips=mocap_clips(args), seq_len=2,
        cache_dir=args.cache_dir or None, lazy_init=True)
    dataset.full_init()
    scores = defaultdict(lambda: defaultdict(list))
    with_gaps = 0  # simulated sequences with dropped points (said once)
    for fps in args.fps:
        for name in dataset.clips:
            for seed in range(args.cameras):
                sim = dataset.simulate_detections(
                    name, fps, seed, noise=args.noise, scores={})
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter('always', UserWarning)
                    sequence = sequence_from_keypoints(
                        sim['detections'], scores=sim['scores'])
                with_gaps += bool(caught)
                outputs = {'raw': sequence.keypoints}
                for rname, refiner in refiners.items():
                    outputs[rname] = refine(refiner, sequence, fps)
                for rname, pred in outputs.items():
                    scores[rname][fps].append(
                        (len(pred),
                         accuracy_scores(pred, sim['gt'], sim['visible'])))
    if with_gaps:
        print(f'{with_gaps} simulated detection sequences had dropped '
              'points or frames (the noise model\'s dropouts), filled by '
              'interpolation before refining')
    return {
        rname: {fps: _pool(items) for fps, items in per_fps.items()}
        for rname, per_fps in scores.items()
    }


def climbalong_rows(refiners: dict, args) -> Dict[str, dict]:
    """The ClimbAlong table (module docstring), at 30 fps."""
    frames = split_frames(args.climbalong, args.split)
    scores = defaultdict(list)
    for video, keep in frames.items():
        sequence = load_sequence(
            osp.join(args.climbalong, 'input', f'{video}.npz'))
        target = open_npz(osp.join(args.climbalong, 'target',
                                   f'{video}.npz'))['keypoints'][:, 0]
        gt, visible = target[..., :2], target[..., 2]
        outputs = {'raw': sequence.keypoints}
        for rname, refiner in refiners.items():
            outputs[rname] = refine(refiner, sequence, 30.0)
        for rname, pred in outputs.items():
            scores[rname].append(
                (int(keep.sum()),
                 accuracy_scores(pred[keep], gt[keep], visible[keep])))
    return {rname: {30.0: _pool(items)} for rname, items in scores.items()}


def split_frames(data_root: str, split: str) -> Dict[str, np.ndarray]:
    """Video -> (T,) bool, the frames of the split's windows."""
    with open(osp.join(data_root, 'splits.json'), encoding='utf-8') as f:
        document = json.load(f)
    seq_len = int(document.get('seq_len', 5))
    frames = {}
    for entry in document['splits'][split]:
        video = entry['video']
        if video not in frames:
            num_frames = len(open_npz(osp.join(
                data_root, 'target', f'{video}.npz'))['keypoints'])
            frames[video] = np.zeros(num_frames, bool)
        first, last = entry.get('windows', (0, len(frames[video]) - seq_len))
        frames[video][first:last + seq_len] = True
    return frames


def _pool(items) -> dict:
    """Frame-weighted mean of per-sequence scores."""
    weights = np.array([n for n, _ in items], dtype=np.float64)
    keys = items[0][1].keys()
    return {
        k: float(np.average([s[k] for _, s in items], weights=weights))
        for k in keys
    }


def real_table(rows: dict) -> str:
    lines = ['| refiner | input | jitter px/f^2 | mean shift px | '
             'moved > 0.1 torso % |', '|---|---|---|---|---|']
    for name, per_file in rows.items():
        for path, s in per_file.items():
            lines.append(f'| {name} | {osp.basename(path)} | '
                         f'{s["jitter"]:.2f} | '
                         f'{s["shift_px"]:.1f} | {s["moved_pct"]:.1f} |')
    return '\n'.join(lines)


def edge_table(rows: dict) -> str:
    """The jitter by distance from the runs' ends (``by_edge``)."""
    bins = next(iter(next(iter(rows.values())).values()))['by_edge']
    lines = ['| refiner | input | ' + ' | '.join(
        f'jitter, {b} frames from an end' for b in bins) + ' |',
             '|---|---|' + '---|' * len(bins)]
    for name, per_file in rows.items():
        for path, s in per_file.items():
            cells = ' | '.join(f'{v["jitter"]:.2f} ({v["count"]})'
                               for v in s['by_edge'].values())
            lines.append(f'| {name} | {osp.basename(path)} | {cells} |')
    return '\n'.join(lines)


def mocap_table(rows: dict) -> str:
    lines = ['| refiner | fps | PCK@0.05 | PCK@0.1 | PCK@0.2 | error px | '
             'accel px/f^2 |', '|---|---|---|---|---|---|---|']
    for name, per_fps in rows.items():
        for fps, s in per_fps.items():
            lines.append(
                f'| {row_name(name, fps)} | {fps:g} | {s["PCK@0.05"]:.1f} | '
                f'{s["PCK@0.1"]:.1f} | {s["PCK@0.2"]:.1f} | '
                f'{s["error_px"]:.2f} | {s["accel_err"]:.2f} |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    refiners = build_refiners(args.refiner, args.lag)
    text, numbers = [], {}
    if args.real:
        rows = real_rows(refiners, args.real, args.edge_bins)
        numbers['real'] = rows
        text.append(real_table(rows))
        if args.edge_bins:
            text.append(edge_table(rows))
    if args.mocap:
        rows = mocap_rows(refiners, args)
        numbers['mocap'] = {n: {str(f): s for f, s in r.items()}
                            for n, r in rows.items()}
        text.append(mocap_table(rows))
    if args.climbalong:
        rows = climbalong_rows(refiners, args)
        numbers['climbalong'] = {n: r[30.0] for n, r in rows.items()}
        text.append(mocap_table(rows))
    report = '\n\n'.join(text)
    print(report)
    if args.markdown:
        write_atomic(args.markdown,
                     lambda f: f.write((report + '\n').encode('utf-8')))
    if args.json:
        save_json_atomic(args.json, numbers)


if __name__ == '__main__':
    sys.exit(run_main(main))
