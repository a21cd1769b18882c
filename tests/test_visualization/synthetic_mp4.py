"""A tiny synthetic mp4 for the picture tests (imported by the test
modules: a conftest.py here would shadow tests/conftest.py)."""
import cv2
import numpy as np


def write_mp4(path, num_frames=6, width=160, height=120, fps=25.0, value=128):
    """Write ``num_frames`` uniform grey frames as an mp4v video."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (width, height))
    assert writer.isOpened()
    for _ in range(num_frames):
        writer.write(np.full((height, width, 3), value, np.uint8))
    writer.release()
    return path

