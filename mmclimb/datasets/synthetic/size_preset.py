"""Size presets of the synthetic ClimbAlong dataset.

Contract:
    :class:`SizePreset` names a number of videos and an inclusive range of
    video lengths in frames; :meth:`SizePreset.video_lengths` draws the
    lengths stratified over the range (one length per equal sub-range,
    shuffled), so the total is close to ``num_videos`` times the range's
    midpoint. :data:`PRESETS` holds the built-in presets:

    - ``tiny``: 4 videos of 12-40 frames, for tests (well under a second);
    - ``demo``: 14 videos of 120-540 frames (about 4,600 frames, about
      730 MB), the default.
"""
from dataclasses import asdict, dataclass, replace
from typing import Optional, Tuple

import numpy as np

__all__ = ['SizePreset', 'PRESETS']


@dataclass(frozen=True)
class SizePreset:
    """How many videos of which lengths to generate.

    Args:
        name (str): Preset name.
        num_videos (int): Number of videos (at least 2: the thesis split
            holds the longest one out).
        frame_range (tuple[int, int]): Inclusive range of video lengths.
    """

    name: str
    num_videos: int
    frame_range: Tuple[int, int]

    def __post_init__(self):
        low, high = self.frame_range
        if self.num_videos < 2:
            raise ValueError(f'preset {self.name!r}: need at least 2 videos, '
                             f'got {self.num_videos}')
        if not 1 <= low <= high:
            raise ValueError(f'preset {self.name!r}: frame_range must be '
                             f'1 <= low <= high, got {self.frame_range}')

    def override(
            self,
            num_videos: Optional[int] = None,
            frame_range: Optional[Tuple[int, int]] = None) -> 'SizePreset':
        """A copy with the given fields replaced (None keeps them)."""
        return replace(
            self,
            num_videos=self.num_videos if num_videos is None else num_videos,
            frame_range=(self.frame_range if frame_range is None else tuple(
                int(n) for n in frame_range)))

    def video_lengths(self, rng: np.random.Generator) -> np.ndarray:
        """(num_videos,) int lengths, one per equal sub-range, shuffled."""
        low, high = self.frame_range
        edges = np.linspace(low, high + 1, self.num_videos + 1)
        lengths = np.floor(edges[:-1] + rng.random(self.num_videos) *
                           np.diff(edges)).astype(int)
        return rng.permutation(np.clip(lengths, low, high))

    def to_dict(self) -> dict:
        """The preset as plain JSON-able values."""
        return dict(asdict(self), frame_range=list(self.frame_range))


PRESETS = {
    'tiny': SizePreset('tiny', num_videos=4, frame_range=(12, 40)),
    'demo': SizePreset('demo', num_videos=14, frame_range=(120, 540)),
}
