"""A 2D climber's body seen from behind: proportions and posing.

Symbols: T frames, K = 25 keypoints (ClimbAlong order, see
:mod:`.keypoint_layout`), L = 4 limbs in the order left arm, right arm,
left leg, right leg.

World coordinates are in body heights (the climber's standing height is 1),
``x`` to the right and ``y`` down, as in the image. The camera looks at the
climber's back, so the climber's left side has the smaller ``x``.

Contract:
    :class:`ClimberBody` holds one climber's segment lengths.
    :meth:`ClimberBody.pose` turns a per-frame body state (dict of arrays,
    keys listed in :data:`STATE_KEYS`) into keypoints of shape (T, K, 2):

    - ``hip_center`` (T, 2): midpoint of the hips;
    - ``lean`` (T,): torso angle from vertical in radians, positive when the
      shoulders are to the right of the hips;
    - ``shoulder_turn``, ``hip_turn`` (T,): foreshortening (0, 1] of the
      shoulder and hip widths when the body twists;
    - ``head_yaw``, ``head_pitch`` (T,): nose offset sideways / up in units
      of the head width;
    - ``effectors`` (T, L, 2): where each wrist / ankle is aiming (a hold);
      an unreachable aim is pulled in along the limb;
    - ``hand_angle`` (T, 2): left/right wrist flexion (radians);
    - ``foot_angle`` (T, 2): left/right foot turn-out (radians, positive
      points the toes away from the body's midline);
    - ``foot_foreshortening`` (T, 2): projected foot length factor (0, 1].
"""
from typing import Dict

import numpy as np

__all__ = ['ClimberBody', 'STATE_KEYS']

STATE_KEYS = ('hip_center', 'lean', 'shoulder_turn', 'hip_turn', 'head_yaw',
              'head_pitch', 'effectors', 'hand_angle', 'foot_angle',
              'foot_foreshortening')

# Mean segment lengths in standing heights (adult anthropometry, with the
# BlazePose landmark positions: acromion shoulders, trochanter hips).
_MEAN_LENGTHS = dict(
    torso=0.30,
    shoulder_width=0.23,
    hip_width=0.16,
    neck=0.06,
    ear_height=0.045,
    head_width=0.085,
    upper_arm=0.18,
    forearm=0.155,
    thigh=0.245,
    shin=0.245,
    index=0.075,
    pinky=0.062,
    thumb=0.045,
    foot=0.13,
    heel=0.045,
)

# Finger directions relative to the hand axis for the left hand (radians,
# positive turns towards the thumb side); the right hand mirrors them.
_FINGER_ANGLES = dict(index=0.08, pinky=-0.22, thumb=0.55)

# Preferred bend direction of the elbows and knees (outwards, elbows also
# down, knees slightly up as in a frog position), per limb.
_BEND_PREFERENCE = np.array([[-1.0, 0.6], [1.0, 0.6], [-1.0, -0.2],
                             [1.0, -0.2]])

# Left/right sign per side: the left side's outward direction is -x.
_SIDE_SIGN = np.array([-1.0, 1.0])


def _rotate(vectors: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Rotate (..., 2) vectors by (...) angles (image axes, y down)."""
    cos, sin = np.cos(angles), np.sin(angles)
    x, y = vectors[..., 0], vectors[..., 1]
    return np.stack([cos * x - sin * y, sin * x + cos * y], axis=-1)


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Normalise (..., 2) vectors; zero vectors become (0, 1)."""
    norm = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.where(norm > 1e-9, vectors / np.maximum(norm, 1e-12),
                    np.array([0.0, 1.0]))


class ClimberBody:
    """One climber's proportions and the posing of its 25 keypoints.

    Args:
        lengths (dict): Segment lengths in standing heights, keys as in
            ``ClimberBody.mean_lengths()``.
    """

    def __init__(self, lengths: Dict[str, float]):
        missing = set(_MEAN_LENGTHS) - set(lengths)
        if missing:
            raise ValueError(f'missing segment lengths: {sorted(missing)}')
        self.lengths = dict(lengths)

    @staticmethod
    def mean_lengths() -> Dict[str, float]:
        """The average adult's segment lengths (standing height 1)."""
        return dict(_MEAN_LENGTHS)

    @classmethod
    def sample(cls,
               rng: np.random.Generator,
               variation: float = 0.06) -> 'ClimberBody':
        """A random climber: per-segment, per-arm and per-leg variation.

        Args:
            rng (np.random.Generator): Source of randomness.
            variation (float): Relative standard deviation of each segment.
                Defaults to 0.06.

        Returns:
            ClimberBody: The sampled climber.
        """
        names = list(_MEAN_LENGTHS)
        factors = 1.0 + np.clip(
            rng.normal(0.0, variation, len(names)), -2.5 * variation,
            2.5 * variation)
        arm, leg = 1.0 + np.clip(rng.normal(0.0, variation, 2), -0.1, 0.1)
        group = dict(upper_arm=arm, forearm=arm, thigh=leg, shin=leg)
        lengths = {
            name: _MEAN_LENGTHS[name] * factor * group.get(name, 1.0)
            for name, factor in zip(names, factors)
        }
        return cls(lengths)

    def limb_lengths(self) -> np.ndarray:
        """(L, 2) upper and lower segment lengths of the four limbs."""
        arm = [self.lengths['upper_arm'], self.lengths['forearm']]
        leg = [self.lengths['thigh'], self.lengths['shin']]
        return np.array([arm, arm, leg, leg])

    def anchors(self, state: Dict[str, np.ndarray]) -> np.ndarray:
        """(T, L, 2) shoulders and hips, where the limbs attach.

        Args:
            state (dict): The body state (see the module docstring).

        Returns:
            np.ndarray: Left/right shoulder, left/right hip.
        """
        axes = self._torso_axes(state['lean'])
        up, side = axes[..., 0, :], axes[..., 1, :]
        hip = state['hip_center']
        shoulder = hip + self.lengths['torso'] * up
        half_sw = 0.5 * self.lengths['shoulder_width'] * state['shoulder_turn']
        half_hw = 0.5 * self.lengths['hip_width'] * state['hip_turn']
        outward = _SIDE_SIGN[None, :, None] * side[:, None]  # (T, 2, 2)
        shoulders = shoulder[:, None] + half_sw[:, None, None] * outward
        hips = hip[:, None] + half_hw[:, None, None] * outward
        return np.concatenate([shoulders, hips], axis=1)

    def pose(self, state: Dict[str, np.ndarray]) -> np.ndarray:
        """Keypoints of the posed body.

        Args:
            state (dict): The body state (see the module docstring).

        Returns:
            np.ndarray: (T, K, 2) float64 world coordinates.
        """
        anchors = self.anchors(state)
        joints, ends = self._solve_limbs(anchors, state['effectors'])
        head = self._head(state)
        hands = self._hands(joints[:, :2], ends[:, :2], state['hand_angle'])
        feet = self._feet(joints[:, 2:], ends[:, 2:], state['foot_angle'],
                          state['foot_foreshortening'])
        keypoints = np.empty((len(anchors), 25, 2))
        keypoints[:, 0:3] = head
        keypoints[:, 3:5] = anchors[:, :2]
        keypoints[:, 5:7] = joints[:, :2]
        keypoints[:, 7:9] = ends[:, :2]
        keypoints[:, 9:15] = hands
        keypoints[:, 15:17] = anchors[:, 2:]
        keypoints[:, 17:19] = joints[:, 2:]
        keypoints[:, 19:21] = ends[:, 2:]
        keypoints[:, 21:25] = feet
        return keypoints

    @staticmethod
    def _torso_axes(lean: np.ndarray) -> np.ndarray:
        """(T, 2, 2): the torso's up axis and its rightward side axis."""
        up = np.stack([np.sin(lean), -np.cos(lean)], axis=-1)
        side = np.stack([np.cos(lean), np.sin(lean)], axis=-1)
        return np.stack([up, side], axis=-2)

    def _solve_limbs(self, anchors: np.ndarray, effectors: np.ndarray):
        """Two-segment inverse kinematics of the four limbs.

        Args:
            anchors (np.ndarray): (T, L, 2) shoulders and hips.
            effectors (np.ndarray): (T, L, 2) wrist and ankle aims.

        Returns:
            tuple[np.ndarray, np.ndarray]: (T, L, 2) elbows/knees and
            (T, L, 2) wrists/ankles, the aims pulled within reach.
        """
        seg = self.limb_lengths()
        upper, lower = seg[:, 0], seg[:, 1]
        offset = effectors - anchors
        direction = _unit(offset)
        reach = np.clip(
            np.linalg.norm(offset, axis=-1),
            np.abs(upper - lower) + 0.02 * (upper + lower),
            0.995 * (upper + lower))
        along = (upper**2 - lower**2 + reach**2) / (2.0 * reach)
        height = np.sqrt(np.maximum(upper**2 - along**2, 0.0))
        normal = np.stack([-direction[..., 1], direction[..., 0]], axis=-1)
        facing = np.sum(normal * _BEND_PREFERENCE, axis=-1)
        normal = normal * np.where(facing < 0, -1.0, 1.0)[..., None]
        joints = (
            anchors + along[..., None] * direction +
            height[..., None] * normal)
        ends = anchors + reach[..., None] * direction
        return joints, ends

    def _head(self, state: Dict[str, np.ndarray]) -> np.ndarray:
        """(T, 3, 2): nose, left ear, right ear."""
        axes = self._torso_axes(state['lean'])
        up, side = axes[:, 0], axes[:, 1]
        neck = (
            state['hip_center'] +
            (self.lengths['torso'] + self.lengths['neck']) * up)
        ear_mid = neck + self.lengths['ear_height'] * up
        half_width = 0.5 * self.lengths['head_width']
        yaw = state['head_yaw'][:, None]
        pitch = state['head_pitch'][:, None]
        ears = ear_mid[:, None] + (
            _SIDE_SIGN[None, :, None] * half_width * np.cos(yaw)[:, None] *
            side[:, None])
        nose = (
            ear_mid + 2 * half_width * (yaw * side + pitch * up) - 0.01 * up)
        return np.concatenate([nose[:, None], ears], axis=1)

    def _hands(self, elbows: np.ndarray, wrists: np.ndarray,
               hand_angle: np.ndarray) -> np.ndarray:
        """(T, 6, 2): pinky, index, thumb tips, each left then right.

        Args:
            elbows (np.ndarray): (T, 2, 2) left/right elbows.
            wrists (np.ndarray): (T, 2, 2) left/right wrists.
            hand_angle (np.ndarray): (T, 2) wrist flexion.
        """
        axis = _rotate(_unit(wrists - elbows), hand_angle)
        names = ('pinky', 'index', 'thumb')
        angles = np.array([_FINGER_ANGLES[n] for n in names])
        lengths = np.array([self.lengths[n] for n in names])
        # (T, finger, side, 2); the right hand mirrors the left's angles
        mirrored = angles[:, None] * -_SIDE_SIGN[None, :]
        tips = wrists[:, None] + lengths[None, :, None, None] * _rotate(
            axis[:, None], mirrored[None])
        return tips.reshape(len(wrists), 6, 2)

    def _feet(self, knees: np.ndarray, ankles: np.ndarray,
              foot_angle: np.ndarray,
              foreshortening: np.ndarray) -> np.ndarray:
        """(T, 4, 2): left/right heel, then left/right foot index.

        Args:
            knees (np.ndarray): (T, 2, 2) left/right knees.
            ankles (np.ndarray): (T, 2, 2) left/right ankles.
            foot_angle (np.ndarray): (T, 2) turn-out of the toes.
            foreshortening (np.ndarray): (T, 2) projected foot length
                factor.
        """
        shin = _unit(ankles - knees)
        down = np.array([0.0, 1.0])
        # rotating "down" by a positive angle points to -x: the left side
        outward = foot_angle * -_SIDE_SIGN[None, :]
        toes = _rotate(np.broadcast_to(down, shin.shape), outward)
        foot_index = ankles + (self.lengths['foot'] *
                               foreshortening)[..., None] * toes
        heel_dir = _rotate(shin, 0.35 * _SIDE_SIGN[None, :])
        heel = ankles + self.lengths['heel'] * heel_dir
        return np.concatenate([heel, foot_index], axis=1)
