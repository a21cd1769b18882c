"""How refiners do on real detections and on held-out motion capture.

    python tools/analysis/general_refiner_report.py \
        --refiner NAME CONFIG [CHECKPOINT] [--refiner ...] \
        [--real DETECTIONS.npz ...] \
        [--mocap ../shared/data/cmu_mocap --clips-from CONFIG | --clips A B]
        [--fps 30 60] [--cameras 2] [--markdown OUT.md] [--json OUT.json]

Two tables, both through :func:`mmclimb.apis.refine_sequence` as a user
would refine a whole video (the raw input is always the first row):

- ``--real``: real detections without ground truth (keypoint ``.npz``,
  MMPose JSON, anything ``load_sequence`` reads). Per refiner the jitter
  (mean acceleration of the keypoints present in the input, px/frame^2),
  the mean displacement from the input (px) and the share of present
  keypoints moved by more than a tenth of the torso (%).
- ``--mocap``: whole CMU clips (``--clips``, or the ``test_clips`` of a
  general config with ``--clips-from``) resampled to each ``--fps``, each
  seen by ``--cameras`` random cameras that follow the person, with
  simulated detections (``simulate_clip_detections``, seeds 0, 1, ...).
  Per refiner and fps: torso PCK@0.05/0.1/0.2 in image pixels (%), the
  mean error (px) and the acceleration error (px/frame^2), pooled over
  clips and cameras.

Classical filters with an ``fps`` (One-Euro) are given the input's rate.
"""
import argparse
import os.path as osp
import sys
from collections import defaultdict
from typing import Dict, List

import numpy as np
from mmengine.config import Config

from mmclimb.apis import (init_refiner, load_sequence, refine_sequence,
                          sequence_from_keypoints)
from mmclimb.datasets import CMUMocapDataset
from mmclimb.evaluation.functional import (accuracy_scores,
                                           displacement_scores,
                                           trajectory_jitter)
from mmclimb.fileio import save_json_atomic, write_atomic
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
    parser.add_argument('--fps', nargs='+', type=float, default=[30.0],
                        help='frame rates of the simulated videos')
    parser.add_argument('--cameras', type=int, default=2,
                        help='random cameras per clip and fps')
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
    if not args.real and not args.mocap:
        parser.error('nothing to report: give --real and/or --mocap')
    return args


def build_refiners(specs) -> Dict[str, object]:
    """NAME -> refiner, in the given order."""
    refiners = {}
    for name, config, *checkpoint in specs:
        refiners[name] = init_refiner(config,
                                      checkpoint[0] if checkpoint else None)
    return refiners


def refine(refiner, sequence, fps: float) -> np.ndarray:
    """Refined keypoints (T, K, 2); filters with an fps get ``fps``."""
    head = getattr(refiner, 'head', None)
    if hasattr(head, 'fps'):
        head.fps = float(fps)
    return refine_sequence(refiner, sequence)[0]


def real_rows(refiners: dict, paths: List[str]) -> Dict[str, dict]:
    """The no-ground-truth table (module docstring)."""
    rows = defaultdict(dict)
    for path in paths:
        sequence = load_sequence(path)
        present = ~sequence.missing
        fps = sequence.fps or 30.0
        rows['raw'][path] = dict(
            jitter=trajectory_jitter(sequence.keypoints, present),
            shift_px=0.0,
            moved_pct=0.0)
        for name, refiner in refiners.items():
            refined = refine(refiner, sequence, fps)
            rows[name][path] = dict(
                jitter=trajectory_jitter(refined, present),
                **displacement_scores(refined, sequence.keypoints, present))
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
    for fps in args.fps:
        for name in dataset.clips:
            for seed in range(args.cameras):
                sim = dataset.simulate_detections(name, fps, seed)
                sequence = sequence_from_keypoints(sim['detections'])
                outputs = {'raw': sequence.keypoints}
                for rname, refiner in refiners.items():
                    outputs[rname] = refine(refiner, sequence, fps)
                for rname, pred in outputs.items():
                    scores[rname][fps].append(
                        (len(pred),
                         accuracy_scores(pred, sim['gt'], sim['visible'])))
    return {
        rname: {fps: _pool(items) for fps, items in per_fps.items()}
        for rname, per_fps in scores.items()
    }


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


def mocap_table(rows: dict) -> str:
    lines = ['| refiner | fps | PCK@0.05 | PCK@0.1 | PCK@0.2 | error px | '
             'accel px/f^2 |', '|---|---|---|---|---|---|---|']
    for name, per_fps in rows.items():
        for fps, s in per_fps.items():
            lines.append(
                f'| {name} | {fps:g} | {s["PCK@0.05"]:.1f} | '
                f'{s["PCK@0.1"]:.1f} | {s["PCK@0.2"]:.1f} | '
                f'{s["error_px"]:.2f} | {s["accel_err"]:.2f} |')
    return '\n'.join(lines)


def main(argv=None):
    args = parse_args(argv)
    refiners = build_refiners(args.refiner)
    text, numbers = [], {}
    if args.real:
        rows = real_rows(refiners, args.real)
        numbers['real'] = rows
        text.append(real_table(rows))
    if args.mocap:
        rows = mocap_rows(refiners, args)
        numbers['mocap'] = {n: {str(f): s for f, s in r.items()}
                            for n, r in rows.items()}
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
