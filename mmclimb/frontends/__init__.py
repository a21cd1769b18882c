"""Detector front ends: refiner input (ClimbAlong layout) from any video."""
from .mediapipe_frontend import MediaPipeFrontend, MediaPipeFrontendError
from .person_boxes import load_person_boxes
from .topdown_heatmap_frontend import TopdownHeatmapFrontend

__all__ = [
    'MediaPipeFrontend', 'MediaPipeFrontendError', 'TopdownHeatmapFrontend',
    'load_person_boxes'
]
