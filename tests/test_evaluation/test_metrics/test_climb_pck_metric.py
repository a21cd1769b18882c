"""ClimbPCKMetric end to end: process, compute_metrics, registry."""
import math

import numpy as np
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmengine.registry import DefaultScope
from mmengine.structures import InstanceData
from mmpose.registry import METRICS
from mmpose.structures import PoseDataSample

from mmclimb.evaluation import ClimbPCKMetric

K = 25
T = 3


def make_window(valid=(True, ) * T, source='heatmaps'):
    """One window as ``PoseDataSample.to_dict()`` gives it.

    Heatmap ground truth: torso points at (10, 10), (30, 10), (10, 30),
    (30, 30) (torso 20, so 0.05 / 0.1 / 0.2 -> 1 / 2 / 4), the rest at
    (20, 20). Image ground truth is twice that (torso 40 -> 2 / 4 / 8).
    Predictions per frame, heatmap (image) offsets in x:
    keypoint 0 by 1 (2.5), keypoint 1 by 3 (6), keypoint 2 by 5 (10).
    Padding frames (``valid`` False) have predictions 100 px off.
    ``source`` is the predictions' ``prediction_source``.
    """
    gt_hm = np.full((T, K, 2), 20.0)
    gt_hm[:, [3, 4, 15, 16]] = [(10, 10), (30, 10), (10, 30), (30, 30)]
    gt_px = 2.0 * gt_hm
    pred_hm = gt_hm.copy()
    pred_hm[:, [0, 1, 2], 0] += [1.0, 3.0, 5.0]
    pred_px = gt_px.copy()
    pred_px[:, [0, 1, 2], 0] += [2.5, 6.0, 10.0]
    padding = ~np.asarray(valid)
    pred_hm[padding] += 25.0
    pred_px[padding] += 100.0
    return dict(
        pred_instances=dict(
            keypoints=pred_px,
            keypoint_scores=np.ones((T, K)),
            heatmap_keypoints=pred_hm,
            prediction_source=source),
        gt_instances=dict(
            keypoints=gt_px,
            keypoints_visible=np.ones((T, K)),
            heatmap_keypoints=gt_hm,
            bboxes=np.tile([0.0, 0.0, 112.0, 112.0], (T, 1))),
        valid=np.asarray(valid),
        video='climb_000',
        frame_ids=np.arange(T),
        heatmap_size=(56, 56))


def to_tensors(window):
    """The same window with every array as a torch tensor."""

    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, np.ndarray):
            return torch.from_numpy(value)
        return value

    return convert(window)


def evaluate(metric, windows):
    """Run ``process`` then ``compute_metrics`` as the Evaluator would."""
    metric.process({}, windows)
    return metric.compute_metrics(metric.results)


EXPECTED = {
    'PCK@0.05': 100 * 23 / 25,
    'PCK@0.1': 100 * 23 / 25,
    'PCK@0.2': 100 * 24 / 25,
    'PCK_px@0.05': 100 * 22 / 25,
    'PCK_px@0.1': 100 * 23 / 25,
    'PCK_px@0.2': 100 * 24 / 25,
    'MPJPE_px': (2.5 + 6.0 + 10.0) / 25,
    'accel_err': 0.0,
}


def test_numpy_and_tensor_windows_with_padding():
    windows = [make_window(), to_tensors(make_window((True, True, False)))]
    metrics = evaluate(ClimbPCKMetric(), windows)
    assert metrics.keys() == EXPECTED.keys()
    for key, value in EXPECTED.items():
        assert metrics[key] == pytest.approx(value), key


def test_padding_frames_would_change_every_metric():
    # the same windows with the padding frame marked valid
    windows = [make_window(), make_window((True, True, False))]
    windows[1]['valid'] = np.ones(T, dtype=bool)
    metrics = evaluate(ClimbPCKMetric(), windows)
    assert metrics['PCK@0.2'] < EXPECTED['PCK@0.2']
    assert metrics['MPJPE_px'] > EXPECTED['MPJPE_px']
    assert metrics['accel_err'] > 0


def test_missing_valid_and_heatmap_size_default():
    window = make_window()
    del window['valid'], window['heatmap_size']
    window['pred_instances']['heatmap_keypoints'][0, 5] = (70.0, 60.0)
    window['gt_instances']['heatmap_keypoints'][0, 5] = (55.0, 55.0)
    metrics = evaluate(ClimbPCKMetric(), [window])
    # (70, 60) clipped to the 56 x 56 grid lands on the target (55, 55)
    assert metrics['PCK@0.05'] == pytest.approx(EXPECTED['PCK@0.05'])


def test_heatmap_predictions_are_rounded_to_the_grid():
    # heatmap predictions (here as a sub-pixel decoding would give them) are
    # scored by their integer position in either protocol; this was the
    # rule for every prediction before the 'thesis' protocol
    for protocol in ('thesis', 'strict_integer'):
        window = make_window()
        pred = window['pred_instances']['heatmap_keypoints']
        gt = window['gt_instances']['heatmap_keypoints']
        pred[:, 0, 0] = gt[:, 0, 0] + 1.4  # rounds to 1 <= 0.05 * 20
        pred[:, 1, 0] = gt[:, 1, 0] + 1.5  # rounds up to 2 > 1
        gt[:, 2, 1] += 0.5  # the target rounds up too: 20.5 -> 21, not 20
        pred[:, 2] = (20.0, 22.0)  # 1 from 21 (correct), 2 from 20 (wrong)
        metrics = evaluate(ClimbPCKMetric(protocol=protocol), [window])
        assert metrics['PCK@0.05'] == pytest.approx(100 * 24 / 25), protocol
        assert metrics['PCK@0.1'] == pytest.approx(100.0), protocol


def half_pixel_window(source):
    """Predictions at the integer ground truth + (0.5, 0), torso 16 px.

    The torso points move to (12, 12), (28, 12), (12, 28), (28, 28), so
    PCK@0.05 is a radius of 0.8 px (the ClimbAlong data's torso).
    """
    window = make_window(source=source)
    gt = window['gt_instances']['heatmap_keypoints']
    gt[:, [3, 4, 15, 16]] = [(12, 12), (28, 12), (12, 28), (28, 28)]
    window['pred_instances']['heatmap_keypoints'] = gt + (0.5, 0.0)
    return window


def test_half_pixel_coordinate_prediction_by_protocol():
    # rounded (halves up) the prediction is 1 px off, as it is 0.5 px
    thesis = evaluate(ClimbPCKMetric(), [half_pixel_window('coordinates')])
    strict = evaluate(
        ClimbPCKMetric(protocol='strict_integer'),
        [half_pixel_window('coordinates')])
    assert strict['PCK@0.05'] == 0.0
    assert thesis['PCK@0.05'] == 100.0
    # the image-pixel metrics do not depend on the protocol
    assert strict['PCK_px@0.05'] == thesis['PCK_px@0.05']


def test_half_pixel_heatmap_prediction_is_rounded_under_the_thesis():
    metrics = evaluate(ClimbPCKMetric(), [half_pixel_window('heatmaps')])
    assert metrics['PCK@0.05'] == 0.0
    assert metrics['PCK@0.1'] == 100.0  # 1 px <= 1.6 px


def far_coordinate_window():
    """Keypoint 5 of frame 0 predicted at (70, 60), off the 56 x 56 grid."""
    window = make_window(source='coordinates')
    window['pred_instances']['heatmap_keypoints'][0, 5] = (70.0, 60.0)
    window['gt_instances']['heatmap_keypoints'][0, 5] = (55.0, 55.0)
    return window


def test_coordinate_predictions_are_not_clipped_under_the_thesis():
    thesis = evaluate(ClimbPCKMetric(), [far_coordinate_window()])
    strict = evaluate(
        ClimbPCKMetric(protocol='strict_integer'), [far_coordinate_window()])
    # one of 75 keypoints: 15.8 px off as predicted, on target when clipped
    assert strict['PCK@0.2'] - thesis['PCK@0.2'] == pytest.approx(100 / 75)


def test_thesis_protocol_needs_the_prediction_source():
    window = make_window()
    del window['pred_instances']['prediction_source']
    with pytest.raises(ValueError, match="'prediction_source' is None"):
        ClimbPCKMetric().process({}, [window])
    window['pred_instances']['prediction_source'] = 'argmax'
    with pytest.raises(ValueError, match="expected one of"):
        ClimbPCKMetric().process({}, [window])
    # the strict variant rounds everything and does not need it
    metric = ClimbPCKMetric(protocol='strict_integer')
    metric.process({}, [window])
    assert metric.compute_metrics(metric.results)['PCK@0.05'] == \
        pytest.approx(EXPECTED['PCK@0.05'])


def test_unknown_protocol_is_refused():
    with pytest.raises(ValueError, match="protocol must be one of"):
        ClimbPCKMetric(protocol='integer')


def test_per_keypoint_keys_with_dataset_names():
    metric = ClimbPCKMetric(per_keypoint=True)
    metric.dataset_meta = dict(
        keypoint_id2name={k: f'point{k}'
                          for k in range(K)})
    metrics = evaluate(metric, [make_window()])
    per_kpt = {k: v for k, v in metrics.items() if '/' in k}
    assert len(per_kpt) == K
    assert per_kpt['PCK@0.1/point0'] == 100.0
    assert per_kpt['PCK@0.1/point1'] == 0.0
    assert per_kpt['PCK@0.1/point2'] == 0.0
    assert per_kpt['PCK@0.1/point24'] == 100.0


def test_per_keypoint_threshold_outside_thresholds_and_default_names():
    metric = ClimbPCKMetric(per_keypoint=True, per_keypoint_thr=0.12)
    metrics = evaluate(metric, [make_window()])
    assert 'PCK@0.12' not in metrics  # only the configured pooled keys
    assert metrics['PCK@0.12/kpt_1'] == 0.0  # 3 > 0.12 * 20
    assert metrics['PCK@0.12/kpt_0'] == 100.0
    assert 'PCK@0.1/kpt_0' not in metrics


def test_acceleration_of_a_bump_in_image_pixels():
    window = make_window()
    window['pred_instances']['keypoints'][1, 7, 1] += 3.0
    metrics = evaluate(ClimbPCKMetric(), [window])
    # one inner frame; keypoint 7 has acceleration -6, the others 0
    assert metrics['accel_err'] == pytest.approx(6.0 / K)


def test_results_hold_only_numpy_arrays():
    metric = ClimbPCKMetric()
    metric.process({}, [to_tensors(make_window())])
    (result, ) = metric.results
    assert all(isinstance(v, np.ndarray) for v in result.values())
    assert result['pred_hm'].shape == (T, K, 2)
    assert result['valid'].dtype == bool


def test_through_mmengine_evaluator_with_pose_data_samples():
    window = make_window((True, True, False))
    sample = PoseDataSample(
        metainfo={
            k: window[k]
            for k in ('valid', 'video', 'frame_ids', 'heatmap_size')
        })
    pred = window['pred_instances']
    sample.pred_instances = InstanceData(
        metainfo=dict(prediction_source=pred.pop('prediction_source')),
        **pred)
    sample.gt_instances = InstanceData(**window['gt_instances'])
    evaluator = Evaluator(ClimbPCKMetric(prefix='climb'))
    evaluator.process(data_samples=[sample], data_batch={})
    metrics = evaluator.evaluate(1)
    assert metrics['climb/PCK@0.05'] == pytest.approx(EXPECTED['PCK@0.05'])
    assert metrics['climb/MPJPE_px'] == pytest.approx(EXPECTED['MPJPE_px'])


def test_no_windows_give_nan():
    metrics = ClimbPCKMetric().compute_metrics([])
    assert metrics.keys() == EXPECTED.keys()
    assert all(math.isnan(v) for v in metrics.values())


def test_built_from_mmpose_registry():
    import mmclimb.evaluation  # noqa: F401
    with DefaultScope.overwrite_default_scope('mmpose'):
        metric = METRICS.build(
            dict(
                type='ClimbPCKMetric',
                thresholds=(0.1, ),
                per_keypoint=True))
    assert isinstance(metric, ClimbPCKMetric)
    metrics = evaluate(metric, [make_window()])
    assert metrics['PCK@0.1'] == pytest.approx(100 * 23 / 25)
    assert 'PCK@0.05' not in metrics
