"""The modelled forms' rig and motion: joints that parts hang on (turning a
joint moves its parts about its pivot), easing, and `Motion`, which works
out from how far the form's root moved between frames whether it walks
toward the person, walks away or stands, how far its gait has come (so
feet never slide), and how settled it is.
"""
from __future__ import annotations

import math

import numpy as np
from panda3d.core import NodePath, Vec3

from engine.world.mesh import Mesh, merge
from engine.world.presence.shader import to_node


class Joint:
    """A pivot in the model: parts added to it are given in form space (rest
    pose); turning or scaling the joint moves them about its pivot."""

    def __init__(self, np_: NodePath, at, parts: list | None = None):
        self.np = np_
        self.at = np.asarray(at, np.float32)
        self.parts = [] if parts is None else parts   # (node, mesh) of every part, shared by the model

    def child(self, name: str, at) -> "Joint":
        n = self.np.attachNewNode(name)
        at = np.asarray(at, np.float32)
        n.setPos(*(float(v) for v in at - self.at))
        return Joint(n, at, self.parts)

    def add(self, meshes: list[Mesh], name: str = "part") -> NodePath:
        m = merge(meshes)
        m.pos = (m.pos - self.at).astype(np.float32)
        node = self.np.attachNewNode(to_node(m, name))
        self.parts.append((node, m))
        return node


def ease(x: float) -> float:
    x = max(0.0, min(1.0, x))
    return x * x * (3 - 2 * x)


def approach(value: float, goal: float, dt: float, seconds: float) -> float:
    """Exponential glide toward goal with the given time constant."""
    if dt <= 0:
        return value
    return goal + (value - goal) * math.exp(-dt / max(seconds, 1e-3))


class Motion:
    """What the form's root did since the last frame: its speed along its
    facing (+ toward the person), how much it is walking (0..1), the gait
    phase (advanced by the distance walked, so feet never slide), and how
    settled it is (1 after standing still a few seconds)."""

    def __init__(self, stride: float = 0.8):
        self.stride = stride
        self.last: tuple[float, Vec3] | None = None
        self.speed = 0.0
        self.walk = 0.0
        self.phase = 0.0
        self.settled = 1.0
        self.heading: float | None = None   # the body's own turn (degrees) about the root
        self.dt = 0.0

    def update(self, t: float, root: NodePath, scale: float) -> None:
        pos = root.getPos()
        self.dt = 0.0
        if self.last is None:
            self.last = (t, Vec3(pos))
            return
        lt, lp = self.last
        self.last = (t, Vec3(pos))
        dt = t - lt
        if dt <= 1e-5 or dt > 1.5:     # a jump in time (a new practice, a seek): no motion
            return
        self.dt = dt
        moved = pos - lp
        fwd = root.getParent().getRelativeVector(root, Vec3(0, 0, 1))
        fwd.normalize()
        along = float(moved.dot(fwd)) / dt
        dist = float(moved.length())
        self.speed = approach(self.speed, along, dt, 0.35)
        self.walk = approach(self.walk, min(1.0, abs(self.speed) / 0.3), dt, 0.4)
        self.phase = (self.phase + 2 * math.pi * dist / max(self.stride * scale, 1e-3)) % (2 * math.pi)
        still = abs(self.speed) < 0.04
        self.settled = max(0.0, min(1.0, self.settled + (dt / 3.0 if still else -dt / 1.2)))

    def turn_body(self, rest_yaw: float, rate: float = 30.0) -> float:
        """The body's heading about the root: straight at the person while
        walking to them, turned round while going away, `rest_yaw` aside once
        settled; it turns at a gentle rate."""
        goal = 180.0 if self.speed < -0.08 else rest_yaw * ease(self.settled)
        if self.heading is None:
            self.heading = goal
        step = (2.0 if goal == 180.0 else 1.0) * rate * self.dt    # going away it turns round sooner
        self.heading += max(-step, min(step, goal - self.heading))
        return self.heading
