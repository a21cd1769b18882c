"""What a refiner's predicted positions were decoded from.

Every temporal head tags its per-window prediction (an ``InstanceData``
with ``heatmap_keypoints`` (T, K, 2)) with the metainfo field
``prediction_source`` (:data:`PREDICTION_SOURCE_KEY`):

- :data:`HEATMAP_PREDICTION` (``'heatmaps'``): the positions are the maxima
  of refined heatmaps (integer argmax, or a sub-pixel refinement of it);
- :data:`COORDINATE_PREDICTION` (``'coordinates'``): the head outputs
  continuous coordinates (DeciWatch, the classical filters).

``PoseDataSample.to_dict()`` keeps the field inside ``pred_instances``, so
the metric (:class:`~mmclimb.evaluation.ClimbPCKMetric`) reads it as
``sample['pred_instances']['prediction_source']``. The thesis scores the
two kinds differently: heatmap predictions by their integer argmax,
coordinate predictions as they are.
"""
__all__ = [
    'COORDINATE_PREDICTION', 'HEATMAP_PREDICTION', 'PREDICTION_SOURCES',
    'PREDICTION_SOURCE_KEY'
]

#: Metainfo key of the predicted ``InstanceData`` that names the source.
PREDICTION_SOURCE_KEY = 'prediction_source'
#: Positions decoded from refined heatmaps.
HEATMAP_PREDICTION = 'heatmaps'
#: Positions output directly as continuous coordinates.
COORDINATE_PREDICTION = 'coordinates'
#: All valid values of the field.
PREDICTION_SOURCES = (HEATMAP_PREDICTION, COORDINATE_PREDICTION)
