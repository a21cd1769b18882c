from .box_heatmap_coords import (clip_to_heatmap, heatmap_to_image,
                                 image_to_heatmap)
from .heatmap_decoding import heatmap_argmax, refine_quarter_pixel

__all__ = [
    'clip_to_heatmap', 'heatmap_argmax', 'heatmap_to_image',
    'image_to_heatmap', 'refine_quarter_pixel'
]
