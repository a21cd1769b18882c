"""The shape contract of the keypoint tracks that the pictures draw.

Symbols: T frames, P people (tracks), K keypoints. ``raw`` and ``refined``
are (T, K, 2) image pixels of one person, or (T, P, K, 2) of P people
(NaN marks a gap, or a frame without that person), of the same shape.
"""
import numpy as np

__all__ = ['check_tracks']


def check_tracks(raw: np.ndarray, refined: np.ndarray) -> None:
    """Raise unless both are (T, K, 2) or (T, P, K, 2) arrays of the same
    shape.

    Raises:
        ValueError: Naming the array and the shape it has.
    """
    for name, array in (('raw', raw), ('refined', refined)):
        if array.ndim not in (3, 4) or array.shape[-1] != 2:
            raise ValueError(f'{name}: expected (T, K, 2) or (T, P, K, 2) '
                             f'image pixels, got shape {array.shape}')
    if raw.shape != refined.shape:
        raise ValueError(f'raw {raw.shape} and refined {refined.shape} '
                         'must have the same shape')
