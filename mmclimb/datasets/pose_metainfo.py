"""MMPose keypoint meta-info for mmclimb's datasets, with clear errors.

Contract:
    :func:`load_pose_metainfo` parses an MMPose ``dataset_info`` (a dict
    with ``from_file`` or with ``keypoint_info`` etc.) with MMPose's
    ``parse_pose_metainfo`` and returns its parsed form. A missing file, a
    dict without keypoints or one MMPose cannot parse raises one error naming
    the dataset class, the source and what was expected (MMPose itself
    raises a bare ``AssertionError``). :data:`CLIMBALONG_METAINFO_FILE` is
    the 25 ClimbAlong keypoints' file, the datasets' default.
"""
import os.path as osp

from mmpose.datasets.datasets.utils import parse_pose_metainfo

__all__ = ['CLIMBALONG_METAINFO_FILE', 'load_pose_metainfo']

#: The meta-info of the 25 ClimbAlong keypoints (MMPose's dataset_info).
CLIMBALONG_METAINFO_FILE = osp.abspath(
    osp.join(
        osp.dirname(__file__), '..', '..', 'configs', '_base_', 'datasets',
        'climbalong.py'))


def load_pose_metainfo(owner: str, metainfo) -> dict:
    """Parse MMPose-style keypoint meta-info.

    Args:
        owner (str): The dataset class's name, for the messages.
        metainfo (dict): ``dict(from_file=...)`` or a dataset_info dict.

    Returns:
        dict: MMPose's parsed meta-info.

    Raises:
        TypeError: ``metainfo`` is not a dict.
        FileNotFoundError: Its ``from_file`` does not exist.
        ValueError: It has no keypoints, or MMPose cannot parse it.
    """
    if not isinstance(metainfo, dict):
        raise TypeError(f'metainfo must be a dict, got {type(metainfo)}')
    source = metainfo.get('from_file', 'the metainfo dict')
    if 'from_file' not in metainfo and 'keypoint_info' not in metainfo:
        raise ValueError(
            f'{owner}: {source} has no "keypoint_info"; expected '
            "MMPose dataset_info (e.g. dict(from_file='configs/_base_/"
            "datasets/climbalong.py'), the 25 ClimbAlong keypoints)")
    try:
        return parse_pose_metainfo(metainfo)
    except FileNotFoundError:
        raise FileNotFoundError(
            f'{owner}: metainfo file {source} does not exist; expected an '
            'MMPose dataset_info file such as '
            f'{CLIMBALONG_METAINFO_FILE}') from None
    except (AssertionError, KeyError, TypeError) as err:
        raise ValueError(
            f'{owner}: {source} is not valid MMPose dataset_info '
            f'({type(err).__name__}: {err}); expected dataset_name, '
            'keypoint_info, skeleton_info, joint_weights and sigmas') \
            from None
