"""The shape contract of the keypoint tracks that the pictures draw.

Symbols: T frames, K keypoints. ``raw`` and ``refined`` are (T, K, 2) image
pixels (NaN marks a gap) of the same shape.
"""
import numpy as np

__all__ = ['check_tracks']


def check_tracks(raw: np.ndarray, refined: np.ndarray) -> None:
    """Raise unless both are (T, K, 2) arrays of the same shape.

    Raises:
        ValueError: Naming the array and the shape it has.
    """
    for name, array in (('raw', raw), ('refined', refined)):
        if array.ndim != 3 or array.shape[-1] != 2:
            raise ValueError(f'{name}: expected (T, K, 2) image pixels, got '
                             f'shape {array.shape}')
    if raw.shape != refined.shape:
        raise ValueError(f'raw {raw.shape} and refined {refined.shape} '
                         'must have the same (T, K, 2) shape')
