"""The MMPose front end with a randomly initialised MMPose model.

The model is MMPose's own SimpleBaseline config (``TopdownPoseEstimator``,
``HeatmapHead``, ``MSRAHeatmap``) with a ResNet-18 and no pretrained
initialisation, built from MMPose's registry: nothing is downloaded.
"""
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from mmpose.structures.bbox import get_warp_matrix

from mmclimb.frontends import TopdownHeatmapFrontend
from mmclimb.structures import image_to_heatmap

REPO = Path(__file__).resolve().parents[2]
POSE_CONFIG = REPO / 'tests/data/configs/td-hm_res18_coco-256x192_random.py'
# CI: a fresh clone with shared/ beside it
DEMO_VIDEO = REPO.parent / 'shared/data/sports2d_demo/demo.mp4'

pytestmark = pytest.mark.skipif(not DEMO_VIDEO.is_file(),
                                reason=f'{DEMO_VIDEO} is not available')


@pytest.fixture(scope='module')
def frontend():
    with pytest.warns(UserWarning, match='random weights'):
        return TopdownHeatmapFrontend(str(POSE_CONFIG))


def test_whole_frame_on_three_frames_of_the_shared_video(frontend):
    out = frontend.run(str(DEMO_VIDEO),
                       max_frames=3,
                       batch_size=2,
                       show_progress=False)
    assert out['heatmaps'].shape == (3, 25, 56, 56)
    assert out['heatmaps'].dtype == np.float32
    assert np.isfinite(out['heatmaps']).all()
    np.testing.assert_array_equal(out['bboxes'],
                                  np.tile([0, 0, 1768, 994], (3, 1)))
    # COCO-17 -> ClimbAlong: no pinky, index, thumb, heel, foot index
    assert out['keypoints_available'].tolist() == [1] * 9 + [0] * 6 + \
        [1] * 6 + [0] * 4
    assert frontend.mapping.name == 'coco17'
    assert out['fps'] == pytest.approx(30.0)
    assert out['image_wh'].tolist() == [1768, 994]
    available = out['keypoints_available'].astype(bool)
    # keypoints COCO lacks: flat at missing_value; the others: the model's
    assert (out['heatmaps'][:, ~available] == 0.01).all()
    assert (out['heatmaps'][:, available].std(axis=(-2, -1)) > 0).all()


def _gaussian(size, centre, sigma=1.0):
    """A (h, w) Gaussian at a float (x, y) position."""
    width, height = size
    x, y = np.meshgrid(np.arange(width), np.arange(height))
    return np.exp(-((x - centre[0])**2 + (y - centre[1])**2) / (2 * sigma**2))


def _centroid(heatmap, radius=10):
    """Sub-pixel (u, v): the weighted mean around the maximum."""
    v0, u0 = np.unravel_index(heatmap.argmax(), heatmap.shape)
    v, u = np.mgrid[max(v0 - radius, 0):v0 + radius + 1,
                    max(u0 - radius, 0):u0 + radius + 1]
    weights = heatmap[v, u]
    return np.array([(weights * u).sum(), (weights * v).sum()]) / \
        weights.sum()


def test_heatmaps_land_on_the_box_grid(frontend, tmp_path, monkeypatch):
    """A model peak at an image point ends on the refiner's 56 x 56 grid
    where ``image_to_heatmap`` puts that point. The model heatmap is made
    through MMPose's own crop matrix (``get_warp_matrix``, as
    ``TopdownAffine`` warps the image) and the codec's scale factor."""
    box = np.float32([500, 100, 900, 900])  # 400 x 800: not square
    points = np.float64([[620, 300], [780, 560]])  # nose, left shoulder
    boxes_file = tmp_path / 'boxes.json'
    boxes_file.write_text(json.dumps([box.tolist()] * 230))
    codec = frontend.codec
    crops = []
    pipeline = frontend.pipeline

    def capture(results):
        packed = pipeline(results)
        crops.append(packed['data_samples'].metainfo)
        return packed

    def fake_head(feats):
        maps = np.zeros((len(crops), 17) + tuple(codec.heatmap_size[::-1]))
        for b, meta in enumerate(crops):
            warp = get_warp_matrix(np.asarray(meta['input_center'],
                                              np.float32),
                                   np.asarray(meta['input_scale'], np.float32),
                                   0.,
                                   output_size=tuple(codec.input_size))
            for channel, point in zip((0, 5), points):
                in_crop = warp @ np.append(point, 1.0)
                maps[b, channel] = _gaussian(codec.heatmap_size,
                                             in_crop / codec.scale_factor)
        crops.clear()
        return torch.as_tensor(maps, dtype=torch.float32)

    monkeypatch.setattr(frontend, 'pipeline', capture)
    monkeypatch.setattr(frontend.model.head, 'forward', fake_head)
    out = frontend.run(str(DEMO_VIDEO),
                       boxes_file=str(boxes_file),
                       max_frames=2,
                       show_progress=False)
    np.testing.assert_array_equal(out['bboxes'], np.tile(box, (2, 1)))
    expected = image_to_heatmap(points, box.astype(np.float64), (56, 56))
    for t in range(2):
        for target, position in zip((0, 3), expected):
            np.testing.assert_allclose(_centroid(out['heatmaps'][t, target]),
                                       position,
                                       atol=0.1)


def test_checkpoint_is_loaded(frontend, tmp_path):
    checkpoint = tmp_path / 'pose.pth'
    torch.save({'state_dict': frontend.model.state_dict()}, checkpoint)
    loaded = TopdownHeatmapFrontend(str(POSE_CONFIG), str(checkpoint))
    frame = np.random.default_rng(0).integers(0,
                                              255, (240, 320, 3),
                                              dtype=np.uint8)
    box = np.float32([[40, 20, 200, 230]])
    np.testing.assert_allclose(loaded.heatmaps([frame], box),
                               frontend.heatmaps([frame], box),
                               atol=1e-6)


def test_frontend_errors(frontend):
    with pytest.raises(ValueError,
                       match="'climbalong25' expects 25 "
                       'keypoints, the model has 17'):
        frontend._resolve_mapping('climbalong25')
    with pytest.raises(ValueError, match="unknown keypoint mapping 'penn13'"):
        frontend._resolve_mapping('penn13')
    # a {target: source} dict: only the nose, from COCO's channel 0
    nose_only = frontend._resolve_mapping({'nose': 0})
    assert nose_only.present.tolist() == [True] + [False] * 24
    with pytest.raises(ValueError, match='batch_size'):
        frontend.run(str(DEMO_VIDEO), batch_size=0)
    with pytest.raises(TypeError,
                       match='TopdownPoseEstimator, got '
                       'TemporalPoseEstimator'):
        TopdownHeatmapFrontend(
            str(REPO / 'tests/data/configs/mmpose_project_uses_mmclimb.py'))
