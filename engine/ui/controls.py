"""Camera control: seated (still or a very slow drift) and explore (walk).

Explore mode moves at one slow constant speed while a key is held and stops
when it is released: no acceleration, no head bob, nothing the person did
not ask for. Turning is by arrow keys or by dragging with the right mouse
button, at a gentle capped rate.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

WALK_SPEED = 1.3      # m/s, a slow stroll
TURN_SPEED = 35.0     # deg/s with the arrow keys
MOUSE_TURN = 60.0     # deg per unit of mouse travel while dragging
MAX_PITCH = 35.0


@dataclass
class ExploreState:
    x: float
    z: float
    yaw: float
    pitch: float

    def step(self, dt: float, forward: float, strafe: float, turn: float, look: float) -> None:
        """forward/strafe/turn/look in -1..1 from held keys; moves at constant speed."""
        self.yaw = (self.yaw + turn * TURN_SPEED * dt) % 360.0
        self.pitch = max(-MAX_PITCH, min(MAX_PITCH, self.pitch + look * TURN_SPEED * dt))
        norm = math.hypot(forward, strafe)
        if norm > 0:
            a = math.radians(self.yaw)
            fx, fz = math.sin(a), math.cos(a)
            rx, rz = math.cos(a), -math.sin(a)
            speed = WALK_SPEED * dt / norm
            self.x += (fx * forward + rx * strafe) * speed
            self.z += (fz * forward + rz * strafe) * speed


    def look(self, dx: float, dy: float) -> None:
        """Mouse drag (screen units moved this frame); capped like the keys."""
        self.yaw = (self.yaw + dx * MOUSE_TURN) % 360.0
        self.pitch = max(-MAX_PITCH, min(MAX_PITCH, self.pitch + dy * MOUSE_TURN))


def held_axes(held: dict) -> tuple[float, float, float, float]:
    """(forward, strafe, turn, look) from Ursina's held_keys."""
    forward = held.get("w", 0) - held.get("s", 0)
    strafe = held.get("d", 0) - held.get("a", 0)
    turn = held.get("right arrow", 0) - held.get("left arrow", 0)
    look = held.get("up arrow", 0) - held.get("down arrow", 0)
    return float(forward), float(strafe), float(turn), float(look)
