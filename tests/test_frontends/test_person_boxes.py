import json

import numpy as np
import pytest

from mmclimb.frontends import load_person_boxes

BOXES = np.float32([[10, 20, 110, 220], [12, 22, 112, 222], [14, 24, 114,
                                                             224]])


@pytest.mark.parametrize('kind', ['npy', 'npz', 'json', 'json_object'])
def test_load_person_boxes_formats(tmp_path, kind):
    if kind == 'npy':
        path = tmp_path / 'boxes.npy'
        np.save(path, BOXES)
    elif kind == 'npz':
        path = tmp_path / 'boxes.npz'
        np.savez(path, bboxes=BOXES, heatmaps=np.zeros((3, 1)))
    else:
        path = tmp_path / 'boxes.json'
        boxes = BOXES.tolist()
        path.write_text(
            json.dumps(boxes if kind == 'json' else dict(bboxes=boxes)))
    out = load_person_boxes(str(path), video_frames=3, num_frames=2)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, BOXES[:2])


def test_one_box_for_every_frame(tmp_path):
    path = tmp_path / 'box.npy'
    np.save(path, BOXES[0])
    out = load_person_boxes(str(path), video_frames=7, num_frames=5)
    assert out.shape == (5, 4) and (out == BOXES[0]).all()


def test_load_person_boxes_errors(tmp_path):
    path = tmp_path / 'boxes.npy'
    np.save(path, BOXES)
    with pytest.raises(ValueError,
                       match=r'expected shape \(4, 4\).*got '
                       r'\(3, 4\)'):
        load_person_boxes(str(path), video_frames=4, num_frames=4)
    bad = BOXES.copy()
    bad[1, 2] = bad[1, 0]
    np.save(path, bad)
    with pytest.raises(ValueError, match='boxes.npy: field "bboxes": frame 1'):
        load_person_boxes(str(path), video_frames=3, num_frames=3)
    bad[1] = BOXES[1]
    bad[2, 0] = np.nan
    np.save(path, bad)
    with pytest.raises(ValueError, match='frame 2'):
        load_person_boxes(str(path), video_frames=3, num_frames=3)
    npz = tmp_path / 'other.npz'
    np.savez(npz, boxes=BOXES)
    with pytest.raises(ValueError, match='"bboxes": missing'):
        load_person_boxes(str(npz), video_frames=3, num_frames=3)
    txt = tmp_path / 'boxes.txt'
    txt.write_text('1 2 3 4')
    with pytest.raises(ValueError, match="unknown box file type '.txt'"):
        load_person_boxes(str(txt), video_frames=1, num_frames=1)
    with pytest.raises(FileNotFoundError, match='none.npy'):
        load_person_boxes(str(tmp_path / 'none.npy'), 1, 1)
