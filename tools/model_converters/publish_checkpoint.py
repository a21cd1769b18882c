"""A training checkpoint made small enough to ship: weights and provenance.

    python tools/model_converters/publish_checkpoint.py IN.pth OUT.pth \
        [--note TEXT]

Keeps the model's ``state_dict`` (float32) and a ``meta`` of plain text
and numbers: the training config (as text), the epoch and iteration, the
mmengine and mmclimb versions, the source file's name and ``--note`` (what
data and command produced it). Drops the optimizer, the scheduler and the
message hub. The result loads with ``mmclimb.apis.init_refiner`` and
mmengine's ``load_checkpoint`` (``weights_only=True``, no allow-listed
globals needed) and is written atomically; the tool prints its size and
SHA-256.
"""
import argparse
import hashlib
import io
import os
import os.path as osp
import sys

import torch

import mmclimb
from mmclimb.fileio import write_atomic
from mmclimb.utils import add_debug_argument, run_main


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('src', help='a checkpoint written by tools/train.py')
    parser.add_argument('dst', help='the checkpoint to ship')
    parser.add_argument('--note', default='',
                        help='how it was made (data, command)')
    add_debug_argument(parser)
    return parser.parse_args(argv)


def published(checkpoint: dict, source: str, note: str) -> dict:
    """The shipped dict: float32 weights and a plain-text meta."""
    import mmengine
    meta = checkpoint.get('meta', {})
    state = {
        key: value.detach().to(torch.float32)
        if value.is_floating_point() else value.detach()
        for key, value in checkpoint['state_dict'].items()
    }
    return dict(
        state_dict=state,
        meta=dict(
            cfg=str(meta.get('cfg', '')),
            epoch=int(meta.get('epoch', -1)),
            iter=int(meta.get('iter', -1)),
            mmengine_version=mmengine.__version__,
            mmclimb_version=mmclimb.__version__,
            source=osp.basename(source),
            note=note))


def main(argv=None):
    args = parse_args(argv)
    checkpoint = torch.load(args.src, map_location='cpu', weights_only=True)
    if 'state_dict' not in checkpoint:
        raise SystemExit(f'{args.src}: no "state_dict" (expected a '
                         'checkpoint written by tools/train.py)')
    buffer = io.BytesIO()
    torch.save(published(checkpoint, args.src, args.note), buffer)
    data = buffer.getvalue()
    os.makedirs(osp.dirname(osp.abspath(args.dst)), exist_ok=True)
    write_atomic(args.dst, lambda f: f.write(data))
    print(f'{args.dst}: {len(data) / 2**20:.2f} MiB, sha256 '
          f'{hashlib.sha256(data).hexdigest()}')


if __name__ == '__main__':
    sys.exit(run_main(main))
