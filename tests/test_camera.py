"""Camera comfort: the seated drift is slow and smooth; explore walks at one speed."""
from __future__ import annotations

import math

import numpy as np

from engine.config.place import Camera
from engine.ui.controls import WALK_SPEED, ExploreState
from engine.world.camera import seated_pose


def _yaws(cam, drift, seconds=120, fps=60):
    return np.array([seated_pose(cam, i / fps, drift=drift)[1] for i in range(seconds * fps)])


def test_drift_is_slower_than_a_third_of_a_degree_per_second():
    yaw = _yaws(Camera(), drift=True)
    speed = np.abs(np.diff(yaw)) * 60
    assert 0 < speed.max() < 0.3
    # and smooth: no sudden change in angular speed between frames
    assert np.abs(np.diff(speed)).max() < 0.002


def test_reduced_motion_is_perfectly_still():
    yaw = _yaws(Camera(), drift=False, seconds=10)
    assert np.all(yaw == yaw[0])
    assert all(seated_pose(Camera(), t, drift=False)[0] == (0.0, 1.2, 0.0) for t in (0, 7.3, 99))


def test_place_can_switch_drift_off():
    yaw = _yaws(Camera(drift=False), drift=True, seconds=10)
    assert np.all(yaw == yaw[0])


def test_seated_eye_height_is_above_the_ground():
    pos, _, _ = seated_pose(Camera(position=(2.0, 1.3, -1.0)), 0.0, drift=True, ground=40.0)
    assert pos == (2.0, 41.3, -1.0)


def test_explore_walks_at_constant_speed_without_acceleration():
    s = ExploreState(0.0, 0.0, yaw=0.0, pitch=0.0)
    track = []
    for _ in range(120):
        s.step(1 / 60, forward=1, strafe=0, turn=0, look=0)
        track.append((s.x, s.z))
    steps = np.hypot(*np.diff(np.array(track), axis=0).T) * 60
    assert np.allclose(steps, WALK_SPEED)
    assert abs(s.z - 2 * WALK_SPEED * 119 / 120 - WALK_SPEED / 60) < 1e-9 and abs(s.x) < 1e-9


def test_explore_diagonal_is_not_faster():
    s = ExploreState(0.0, 0.0, yaw=30.0, pitch=0.0)
    s.step(1.0, forward=1, strafe=1, turn=0, look=0)
    assert math.isclose(math.hypot(s.x, s.z), WALK_SPEED)


def test_explore_pitch_is_capped():
    s = ExploreState(0.0, 0.0, yaw=0.0, pitch=0.0)
    for _ in range(600):
        s.step(1 / 60, 0, 0, 0, look=1)
    assert s.pitch == 35.0


def test_mouse_drag_turns_and_pitch_stays_capped():
    s = ExploreState(0.0, 0.0, yaw=10.0, pitch=0.0)
    s.look(0.1, 0.0)
    assert math.isclose(s.yaw, 16.0)
    s.look(0.0, 10.0)
    assert s.pitch == 35.0
