"""Camera poses: seated (still, or a very slow drift) and reduced motion.

`seated_pose(t)` is pure; the drift's angular speed stays below 0.3 deg/s and
has no sudden change (it is a sum of slow sines), so it cannot jolt.
"""
from __future__ import annotations

import math

from engine.config.place import Camera

DRIFT_YAW_DEG = 1.6
DRIFT_PITCH_DEG = 0.5
DRIFT_PERIOD_S = 47.0


def seated_pose(cam: Camera, t: float, drift: bool, ground: float = 0.0
                ) -> tuple[tuple[float, float, float], float, float]:
    """(position, yaw_deg, pitch_deg) at time t; `ground` is the seat's height."""
    yaw, pitch = cam.yaw, cam.pitch
    if drift and cam.drift:
        w = 2 * math.pi / DRIFT_PERIOD_S
        yaw += DRIFT_YAW_DEG * math.sin(w * t)
        pitch += DRIFT_PITCH_DEG * math.sin(w * 0.61 * t + 1.0)
    x, y, z = cam.position
    return (x, ground + y, z), yaw, pitch


def apply_pose(camera, pos, yaw: float, pitch: float) -> None:
    """Set an Ursina camera: yaw about y (0 looks along +z), pitch up positive."""
    camera.position = pos
    camera.rotation = (-pitch, yaw, 0)
