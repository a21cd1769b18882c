"""A climber's motion up a wall: limb moves between holds, pauses, a torso
that follows the supporting limbs.

Symbols: T frames, M moves, L = 4 limbs (left arm, right arm, left leg,
right leg), K = 25 keypoints. World coordinates in standing heights, ``y``
down (see :mod:`.climber_body`).

Contract:
    :class:`ClimberMotion` plans a sequence of M moves from a random
    generator. Each move lifts one limb (sometimes a hand and the opposite
    foot together) from its hold to a higher one on a minimum-jerk
    trajectory with a small outward arc; between moves the climber pauses.
    After each move the torso settles where every limb can reach its hold
    (hip position solved by projection onto the limbs' reach ranges), and
    it travels there on a minimum-jerk profile that ends a little after the
    limb lands. A small AR(1) sway is added on top.

    :meth:`ClimberMotion.simulate` returns the body state of every frame
    (the dict described in :mod:`.climber_body`, arrays of leading size T);
    :meth:`ClimberMotion.keypoints` poses it into (T, K, 2) world
    coordinates.
"""
from typing import Dict, List, Tuple

import numpy as np

from .climber_body import ClimberBody
from .temporal_noise import ar1_noise, minimum_jerk, segment_progress

__all__ = ['ClimberMotion']

# Flattened configuration: name -> shape; "limb" channels move with a limb's
# own timing, the others with the torso's.
_CONFIG_SHAPES = dict(
    effectors=(4, 2),
    hand_angle=(2, ),
    foot_angle=(2, ),
    foot_foreshortening=(2, ),
    hip_center=(2, ),
    lean=(),
    shoulder_turn=(),
    hip_turn=(),
    head_yaw=(),
    head_pitch=(),
)
_LIMB_KEYS = ('effectors', 'hand_angle', 'foot_angle', 'foot_foreshortening')

# Reach range of each limb as fractions of its full length (arms, legs).
_REACH_MIN = np.array([0.45, 0.45, 0.4, 0.4])
_REACH_MAX = np.array([0.96, 0.96, 0.95, 0.95])
_SIDE = np.array([-1.0, 1.0, -1.0, 1.0])
_OPPOSITE_FOOT = {0: 3, 1: 2}


class ClimberMotion:
    """Plans and samples one climb.

    Args:
        body (ClimberBody): The climber.
        speed (float): Speed factor; move and pause durations are divided
            by it. Defaults to 1.0.
        fps (float): Frames per second. Defaults to 30.
        pair_probability (float): Chance that a hand and the opposite foot
            move together. Defaults to 0.2.
        rest_probability (float): Chance of a long rest after a move.
            Defaults to 0.1.
        sway (float): Standard deviation of the hip sway in standing heights.
            Defaults to 0.004.
    """

    def __init__(self,
                 body: ClimberBody,
                 speed: float = 1.0,
                 fps: float = 30.0,
                 pair_probability: float = 0.2,
                 rest_probability: float = 0.1,
                 sway: float = 0.004):
        self.body = body
        self.speed = speed
        self.fps = fps
        self.pair_probability = pair_probability
        self.rest_probability = rest_probability
        self.sway = sway
        self._limb_length = body.limb_lengths().sum(axis=1)

    def keypoints(self, rng: np.random.Generator,
                  num_frames: int) -> np.ndarray:
        """(T, K, 2) world keypoints of a simulated climb of T frames."""
        return self.body.pose(self.simulate(rng, num_frames))

    def simulate(self, rng: np.random.Generator,
                 num_frames: int) -> Dict[str, np.ndarray]:
        """The body state of every frame of a climb.

        Args:
            rng (np.random.Generator): Source of randomness.
            num_frames (int): T.

        Returns:
            dict: Body state arrays with leading size T.
        """
        initial = self._initial_config(rng)
        moves = self._plan(rng, initial, num_frames / self.fps)
        times = np.arange(num_frames) / self.fps
        state = self._evaluate(initial, moves, times)
        return self._add_sway(rng, state)

    # --- configurations -------------------------------------------------

    def _initial_config(self, rng: np.random.Generator) -> dict:
        """Both feet on the first holds, both hands above the shoulders."""
        feet_x = _SIDE[2:] * rng.uniform(0.08, 0.18, 2)
        feet_y = rng.uniform(-0.03, 0.03, 2)
        hip_y = -self._limb_length[2] * rng.uniform(0.6, 0.8)
        shoulder_y = hip_y - self.body.lengths['torso']
        hands_x = _SIDE[:2] * rng.uniform(0.1, 0.25, 2)
        hands_y = (
            shoulder_y - self._limb_length[0] * rng.uniform(0.45, 0.8, 2))
        effectors = np.stack([np.r_[hands_x, feet_x], np.r_[hands_y, feet_y]],
                             axis=-1)
        config = dict(
            effectors=effectors,
            hand_angle=rng.uniform(-0.4, 0.4, 2),
            foot_angle=rng.uniform(0.2, 1.3, 2),
            foot_foreshortening=rng.uniform(0.35, 0.85, 2),
            hip_center=np.array([0.0, hip_y]),
            lean=0.0,
            shoulder_turn=rng.uniform(0.85, 1.0),
            hip_turn=rng.uniform(0.8, 1.0),
            head_yaw=rng.uniform(-0.2, 0.2),
            head_pitch=rng.uniform(0.0, 0.3),
        )
        return self._settle_torso(config, config['hip_center'])

    def _choose_limbs(self, rng: np.random.Generator, config: dict,
                      last_was_hand: bool) -> List[int]:
        """Which limbs move next: the lower hand or foot, sometimes a pair."""
        heights = config['effectors'][:, 1]
        move_hand = (not last_was_hand) or rng.random() < 0.35
        group = np.array([0, 1]) if move_hand else np.array([2, 3])
        lower = group[np.argmax(heights[group])]
        limb = int(lower if rng.random() < 0.8 else group[group != lower][0])
        if move_hand and rng.random() < self.pair_probability:
            return [limb, _OPPOSITE_FOOT[limb]]
        return [limb]

    def _next_config(self, rng: np.random.Generator, config: dict,
                     limbs: List[int]) -> dict:
        """The configuration after the given limbs reach new holds."""
        new = {
            key: np.array(value, dtype=float)
            for key, value in config.items()
        }
        anchors = self._anchors(config)
        for limb in limbs:
            new['effectors'][limb] = self._new_hold(rng, config, anchors, limb)
            self._new_limb_details(rng, new, limb)
        new['shoulder_turn'] = rng.uniform(0.82, 1.0)
        new['hip_turn'] = rng.uniform(0.8, 1.0)
        new['lean'], hip = self._torso_target(rng, new['effectors'])
        return self._settle_torso(new, hip)

    @staticmethod
    def _new_limb_details(rng: np.random.Generator, config: dict,
                          limb: int) -> None:
        """Re-draw, in place, the hand or foot angles of a moved limb; a
        moving hand also turns the head towards it."""
        side = limb % 2
        if limb < 2:
            config['hand_angle'][side] = rng.uniform(-0.4, 0.4)
            config['head_yaw'] = _SIDE[limb] * rng.uniform(0.05, 0.5)
            config['head_pitch'] = rng.uniform(0.05, 0.4)
        else:
            config['foot_angle'][side] = rng.uniform(-0.3, 1.3)
            config['foot_foreshortening'][side] = rng.uniform(0.35, 0.85)

    def _torso_target(self, rng: np.random.Generator,
                      effectors: np.ndarray) -> Tuple[float, np.ndarray]:
        """Where the torso wants to be over the holds (before reach limits).

        Args:
            rng (np.random.Generator): Source of randomness.
            effectors (np.ndarray): (L, 2) the holds.

        Returns:
            tuple[float, np.ndarray]: The lean (towards the hands' side) and
            the (2,) hip centre (between all holds in x, the legs bent above
            the feet in y).
        """
        hands, feet = effectors[:2], effectors[2:]
        lean = 0.35 * (hands[:, 0].mean() - feet[:, 0].mean())
        lean = float(np.clip(lean + rng.uniform(-0.06, 0.06), -0.25, 0.25))
        hip_x = (0.5 * effectors[:, 0].mean() + 0.5 * feet[:, 0].mean() +
                 rng.uniform(-0.04, 0.04))
        hip_y = (
            feet[:, 1].mean() - self._limb_length[2] * rng.uniform(0.5, 0.8))
        return lean, np.array([hip_x, hip_y])

    def _new_hold(self, rng: np.random.Generator, config: dict,
                  anchors: np.ndarray, limb: int) -> np.ndarray:
        """A higher hold for one limb, placed relative to its anchor."""
        current = config['effectors'][limb]
        anchor = anchors[limb]
        outward = _SIDE[limb]
        if limb < 2:
            x = anchor[0] + outward * rng.uniform(-0.05, 0.22)
            y = anchor[1] - self._limb_length[limb] * rng.uniform(0.4, 0.9)
            y = min(y, current[1] - 0.05)
        else:
            x = anchor[0] + outward * rng.uniform(-0.03, 0.18)
            y = current[1] - rng.uniform(0.08, 0.3)
            y = max(y, config['hip_center'][1] + 0.15)
        return np.array([x, y])

    def _anchors(self, config: dict) -> np.ndarray:
        """(L, 2) shoulders and hips of one configuration."""
        state = {key: np.asarray(value)[None] for key, value in config.items()}
        return self.body.anchors(state)[0]

    def _settle_torso(self, config: dict, hip: np.ndarray) -> dict:
        """Move the hips from ``hip`` until every limb reaches its hold,
        then pull any hold still out of reach onto the limb's range."""
        config = dict(config)
        low = _REACH_MIN * self._limb_length
        high = _REACH_MAX * self._limb_length
        for _ in range(60):
            config['hip_center'] = hip
            offset = self._anchors(config) - config['effectors']
            dist = np.linalg.norm(offset, axis=-1)
            excess = np.clip(dist, low, high) - dist
            if np.all(np.abs(excess) < 1e-4):
                break
            hip = hip + 0.5 * np.sum(
                excess[:, None] * offset / np.maximum(dist[:, None], 1e-9),
                axis=0)
        anchors = self._anchors(config)
        offset = config['effectors'] - anchors
        dist = np.maximum(np.linalg.norm(offset, axis=-1), 1e-9)
        reach = np.clip(dist, low, high)
        config['effectors'] = anchors + offset * (reach / dist)[:, None]
        return config

    # --- timing ---------------------------------------------------------

    def _plan(self, rng: np.random.Generator, initial: dict,
              duration: float) -> List[dict]:
        """Moves until ``duration`` seconds are covered.

        Returns:
            list[dict]: Per move ``start``, ``end`` (limb window),
            ``settle`` (end of the torso window), ``config`` (after the
            move), ``moving`` (L,) bool and ``arc`` (L, 2) arc offsets.
        """
        moves = []
        config = initial
        time = rng.uniform(0.0, 1.0) / self.speed
        last_was_hand = bool(rng.random() < 0.5)
        while time < duration or not moves:
            limbs = self._choose_limbs(rng, config, last_was_hand)
            last_was_hand = limbs[0] < 2
            length = rng.uniform(0.45, 1.2) / self.speed
            pause = (
                rng.uniform(1.5, 3.0) if rng.random() < self.rest_probability
                else rng.uniform(0.1, 1.3))
            pause /= self.speed
            new = self._next_config(rng, config, limbs)
            moving = np.isin(np.arange(4), limbs)
            moves.append(
                dict(
                    start=time,
                    end=time + length,
                    settle=time + length + min(pause, 0.3 * length),
                    config=new,
                    moving=moving,
                    arc=self._arc(rng, config, new, moving)))
            config = new
            time += length + pause
        return moves

    @staticmethod
    def _arc(rng: np.random.Generator, old: dict, new: dict,
             moving: np.ndarray) -> np.ndarray:
        """(L, 2) peak offsets of the moving limbs' outward arcs."""
        step = new['effectors'] - old['effectors']
        normal = np.stack([-step[:, 1], step[:, 0]], axis=-1)
        normal *= np.sign(
            np.sum(normal * np.stack([_SIDE, np.zeros(4)], axis=-1), axis=-1) +
            1e-12)[:, None]
        norm = np.maximum(np.linalg.norm(normal, axis=-1, keepdims=True), 1e-9)
        size = rng.uniform(0.015, 0.06, 4)[:, None]
        return np.where(moving[:, None], normal / norm * size, 0.0)

    @staticmethod
    def _flatten(config: dict) -> np.ndarray:
        """One configuration as a flat vector in ``_CONFIG_SHAPES`` order."""
        return np.concatenate([
            np.asarray(config[key], dtype=float).ravel()
            for key in _CONFIG_SHAPES
        ])

    @staticmethod
    def _channel_owners() -> np.ndarray:
        """(C,) int: the limb owning each flattened channel, -1 for the
        channels that follow the torso's timing."""
        limb_of = dict(
            effectors=np.repeat(np.arange(4), 2),
            hand_angle=np.array([0, 1]),
            foot_angle=np.array([2, 3]),
            foot_foreshortening=np.array([2, 3]))
        owners = [
            limb_of[key] if key in _LIMB_KEYS else np.full(
                int(np.prod(shape, dtype=int)), -1)
            for key, shape in _CONFIG_SHAPES.items()
        ]
        return np.concatenate(owners)

    def _evaluate(self, initial: dict, moves: List[dict],
                  times: np.ndarray) -> Dict[str, np.ndarray]:
        """Sum the moves' minimum-jerk steps at the frame times."""
        flat = np.stack([self._flatten(initial)] +
                        [self._flatten(move['config']) for move in moves])
        deltas = np.diff(flat, axis=0)  # (M, C)
        starts = np.array([move['start'] for move in moves])
        limb_prog = segment_progress(times, starts,
                                     np.array([move['end'] for move in moves]))
        body_prog = segment_progress(
            times, starts, np.array([move['settle'] for move in moves]))
        owner = self._channel_owners()
        is_limb = owner >= 0
        values = flat[0] + (
            minimum_jerk(limb_prog) @ (deltas * is_limb) +
            minimum_jerk(body_prog) @ (deltas * ~is_limb))
        state = self._unflatten(values)
        arcs = np.stack([move['arc'] for move in moves])  # (M, L, 2)
        bump = np.sin(np.pi * limb_prog)**2
        state['effectors'] = state['effectors'] + np.einsum(
            'tm,mlc->tlc', bump, arcs)
        return state

    @staticmethod
    def _unflatten(values: np.ndarray) -> Dict[str, np.ndarray]:
        """Split (T, C) flattened values into the state dict."""
        state, offset = {}, 0
        for key, shape in _CONFIG_SHAPES.items():
            size = int(np.prod(shape, dtype=int))
            state[key] = values[:, offset:offset +
                                size].reshape((len(values), ) + shape)
            offset += size
        return state

    def _add_sway(self, rng: np.random.Generator,
                  state: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
        """Small correlated sway of the hips, lean and head."""
        num = len(state['lean'])
        tau = 0.7 * self.fps
        state['hip_center'] = state['hip_center'] + ar1_noise(
            rng, (num, 2), self.sway, tau)
        state['lean'] = state['lean'] + ar1_noise(rng, num, 0.01, tau)
        state['head_yaw'] = state['head_yaw'] + ar1_noise(rng, num, 0.05, tau)
        return state
