"""What a refiner expects as input, read from its config.

Symbols: L frames per window, K keypoints, H x W heatmap size.

A refiner config (``configs/*_climb.py``) describes its input through the
test dataset and pipeline; :meth:`RefinerSettings.from_config` reads:

- ``seq_len`` (L) and ``heatmap_size`` (W, H) from
  ``test_dataloader.dataset`` (``val_dataloader`` when there is no test
  loader);
- the input kind from the pipeline's ``PackWindowInputs.input_key``:
  ``'heatmaps'`` -> heatmap refiners (windows (B, L, K, H, W)), anything
  else (``'input_keypoints_norm'``) -> coordinate refiners (windows
  (B, L, 2K), heatmap coordinates divided by ``(W - 1, H - 1)``); with a
  ``score_key`` (``scores``) the detector's scores follow the coordinates,
  (B, L, 3K) (a score-aware ``DeciWatchHead``);
- the ``NormalizeHeatmaps`` and ``DecodeHeatmaps`` of the dataset's
  ``frame_pipeline`` or pipeline (applied to detector heatmaps exactly as in
  testing), and the ``sigma`` and ``subpixel`` of its
  ``RenderGaussianHeatmaps`` (used to render heatmaps from coordinates);
- the ``WindowPersonBox`` of the pipeline, if any (``window_box``): the
  refiner then normalises each window by one box from its keypoints
  instead of per-frame boxes (the general refiners, ``configs/general``);
- K from the dataset's meta-info (``keypoint_info``), else the head's
  ``num_keypoints``, else 25;
- ``precision``: the config's ``inference_precision`` (``'bf16'`` for the
  heatmap refiners, whose convolutions are faster in bf16 on a CPU with
  bf16 units; default ``'fp32'``). :func:`~mmclimb.apis.init_refiner`
  replaces it by the precision the refiner runs in on its device
  (:func:`~mmclimb.utils.resolve_precision`);
- ``window_weighting``: the config's ``inference_window_weighting``, how
  the outputs of overlapping windows are weighed per frame
  (:func:`~mmclimb.apis.sliding_windows.window_weights`; default
  ``'uniform'``, the plain mean);
- ``edge_padding``: the config's ``inference_edge_padding`` (default 0),
  copies of a segment's first and last frame put before and after it, so
  that its edge frames sit inside windows
  (:func:`~mmclimb.apis.sliding_windows.segment_windows`; a refiner trained
  with :class:`~mmclimb.datasets.SimulateSegmentEdge` has seen them).

A config without such a loader raises a ``ValueError`` saying what is
missing.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

from mmengine.config import Config

from .sliding_windows import WINDOW_WEIGHTINGS

__all__ = ['RefinerSettings']


def _find(pipeline, name: str) -> Optional[dict]:
    """The first transform config of type ``name`` in ``pipeline``."""
    for transform in pipeline or []:
        if transform.get('type') == name:
            return dict(transform)
    return None


def _input_render(pipeline) -> dict:
    """The ``RenderGaussianHeatmaps`` that renders the model input (its
    ``out_key`` is ``'heatmaps'``), else the first one, else ``{}``."""
    renders = [
        dict(t) for t in pipeline or []
        if t.get('type') == 'RenderGaussianHeatmaps'
    ]
    inputs = [t for t in renders if t.get('out_key') == 'heatmaps']
    return (inputs or renders or [{}])[0]


@dataclass
class RefinerSettings:
    """A refiner's input contract; see the module docstring."""

    input_kind: str
    seq_len: int
    heatmap_size: Tuple[int, int]
    num_keypoints: int
    normalize: Optional[dict]
    decode: Optional[dict]
    render_sigma: float
    render_subpixel: bool = False
    window_box: Optional[dict] = None
    precision: str = 'fp32'
    window_weighting: str = 'uniform'
    edge_padding: int = 0
    scores: bool = False

    def __post_init__(self):
        if isinstance(self.edge_padding, bool) or not isinstance(
                self.edge_padding, int) or self.edge_padding < 0:
            raise ValueError(f'inference_edge_padding must be an int >= 0, '
                             f'got {self.edge_padding!r}')
        if self.window_weighting not in WINDOW_WEIGHTINGS:
            raise ValueError(
                f'inference_window_weighting must be one of '
                f'{WINDOW_WEIGHTINGS}, got {self.window_weighting!r}')

    @classmethod
    def from_config(cls, cfg: Config) -> 'RefinerSettings':
        """Read the settings from a refiner config."""
        loader = cfg.get('test_dataloader') or cfg.get('val_dataloader')
        if not loader or 'dataset' not in loader:
            raise ValueError(
                'the refiner config needs a test_dataloader (or '
                'val_dataloader) whose dataset gives seq_len, heatmap_size '
                'and the pipeline, as configs/*_climb.py have')
        dataset = loader['dataset']
        pipeline = [
            *(dataset.get('frame_pipeline') or []),
            *(dataset.get('pipeline') or [])
        ]
        pack = _find(pipeline, 'PackWindowInputs') or {}
        input_key = pack.get('input_key', 'heatmaps')
        render = _input_render(pipeline)
        box = _find(pipeline, 'WindowPersonBox')
        return cls(
            input_kind='heatmaps'
            if input_key == 'heatmaps' else 'coordinates',
            seq_len=int(dataset.get('seq_len', 5)),
            heatmap_size=tuple(dataset.get('heatmap_size', (56, 56))),
            num_keypoints=cls._num_keypoints(cfg, dataset),
            normalize=_find(pipeline, 'NormalizeHeatmaps'),
            decode=_find(pipeline, 'DecodeHeatmaps'),
            render_sigma=float(render.get('sigma', 1.0)),
            render_subpixel=bool(render.get('subpixel', False)),
            window_box=None if box is None else dict(
                margin=float(box.get('margin', 0.1))),
            precision=cfg.get('inference_precision', 'fp32'),
            window_weighting=cfg.get('inference_window_weighting',
                                     'uniform'),
            edge_padding=cfg.get('inference_edge_padding', 0),
            scores=input_key != 'heatmaps' and
            pack.get('score_key') is not None)

    def window_shape(self, batch_size: int) -> Tuple[int, ...]:
        """The shape of ``batch_size`` model input windows: heatmaps
        (B, L, K, H, W) or coordinates (B, L, 2K), with ``scores``
        (B, L, 3K)."""
        if self.input_kind == 'heatmaps':
            width, height = self.heatmap_size
            return (batch_size, self.seq_len, self.num_keypoints, height,
                    width)
        channels = (3 if self.scores else 2) * self.num_keypoints
        return (batch_size, self.seq_len, channels)

    @staticmethod
    def _num_keypoints(cfg: Config, dataset: dict) -> int:
        metainfo = dataset.get('metainfo') or {}
        if metainfo.get('keypoint_info'):
            return len(metainfo['keypoint_info'])
        return int(cfg.model.get('head', {}).get('num_keypoints', 25))
