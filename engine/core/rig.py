"""The stereo rig's maths, pure: where each eye is in Haven's world.

OpenXR gives each view (eye) as a pose in its own reference space: x right,
y up, -z forward, right-handed, metres. Haven's scene is Ursina's: x right,
y up, +z forward, left-handed. A person sits on the place's seat; their head
moves around it as they lean and turn, and nothing else moves them (no
artificial locomotion).

- ``to_haven`` turns an OpenXR pose into a 4x4 matrix in Haven's axes
  (mirroring z: S R S for the rotation, (x, y, -z) for the position).
- ``Rig.recentre`` takes the head's first pose as "sitting on the seat": from
  then on the seat's position and heading are where that head was, whatever
  the runtime's space origin (a LOCAL space at the floor or at the head).
- ``Rig.eyes`` gives each eye's matrix relative to the seat; the seat itself
  (position and heading in the world) is ``seat_matrix``.

Matrices here are 4x4, column vectors (``M @ [x, y, z, 1]``); Panda3D uses
row vectors, so its matrix is the transpose (``panda_rows``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

MIRROR_Z = np.diag([1.0, 1.0, -1.0, 1.0])
"""OpenXR's axes to Haven's (and back: it is its own inverse)."""


@dataclass(frozen=True)
class Pose:
    """A pose as OpenXR gives it: position (x, y, z) and orientation as a
    unit quaternion (x, y, z, w), in the runtime's right-handed axes."""
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    orientation: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class Fov:
    """A view's field of view as four angles in radians (left and down are
    negative for a symmetric view), as OpenXR's XrFovf."""
    left: float
    right: float
    up: float
    down: float


def rotation(q: tuple[float, float, float, float]) -> np.ndarray:
    """3x3 rotation matrix of a quaternion (x, y, z, w); normalised first."""
    x, y, z, w = np.asarray(q, dtype=float) / np.linalg.norm(q)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


def pose_matrix(pose: Pose) -> np.ndarray:
    """The pose as a 4x4 matrix in OpenXR's own axes."""
    m = np.eye(4)
    m[:3, :3] = rotation(pose.orientation)
    m[:3, 3] = pose.position
    return m


def to_haven(pose: Pose) -> np.ndarray:
    """The pose as a 4x4 matrix in Haven's axes (x right, y up, +z forward)."""
    return MIRROR_Z @ pose_matrix(pose) @ MIRROR_Z


def yaw_matrix(yaw_deg: float) -> np.ndarray:
    """Turn about +y in Haven's axes: 0 looks along +z, +90 along +x (to the
    right), as Ursina's ``rotation_y``."""
    a = math.radians(yaw_deg)
    m = np.eye(4)
    m[0, 0], m[0, 2], m[2, 0], m[2, 2] = math.cos(a), math.sin(a), -math.sin(a), math.cos(a)
    return m


def seat_matrix(position: tuple[float, float, float], yaw_deg: float) -> np.ndarray:
    """Where the seat is in the world: the seated eye height and heading,
    never pitch or roll (the head does those)."""
    m = yaw_matrix(yaw_deg)
    m[:3, 3] = position
    return m


def heading_deg(m: np.ndarray) -> float:
    """The heading (yaw, degrees, as ``yaw_matrix``) a Haven matrix looks along."""
    forward = m[:3, 2]
    return math.degrees(math.atan2(forward[0], forward[2]))


def forward(m: np.ndarray) -> np.ndarray:
    """The direction a Haven matrix looks along (its +z), a unit vector."""
    f = m[:3, 2]
    return f / np.linalg.norm(f)


@dataclass
class Rig:
    """Two (or more) eyes around one seat. ``recentre`` is called with the
    first valid head pose; ``eyes`` then places each view relative to the seat."""
    rest: np.ndarray | None = field(default=None)

    def recentre(self, head: np.ndarray) -> None:
        """The head's pose (Haven's axes) that counts as sitting on the seat:
        its position and heading, not its pitch or roll, so looking down at
        the start does not tilt the world."""
        rest = yaw_matrix(heading_deg(head))
        rest[:3, 3] = head[:3, 3]
        self.rest = rest

    def relative(self, m: np.ndarray) -> np.ndarray:
        """A Haven matrix from the runtime's space, made relative to the rest pose."""
        if self.rest is None:
            self.recentre(m)
        return np.linalg.inv(self.rest) @ m

    def eyes(self, views: list[Pose]) -> list[np.ndarray]:
        """Each eye's matrix relative to the seat (recentred on the first call)."""
        mats = [to_haven(v) for v in views]
        if self.rest is None:
            self.recentre(head_of(mats))
        return [self.relative(m) for m in mats]


def head_of(eyes: list[np.ndarray]) -> np.ndarray:
    """The head between the eyes: their mid-point, looking as the first eye."""
    head = eyes[0].copy()
    head[:3, 3] = np.mean([m[:3, 3] for m in eyes], axis=0)
    return head


def eye_separation(eyes: list[np.ndarray]) -> float:
    """Distance between the first two eyes, metres (the runtime's IPD)."""
    return float(np.linalg.norm(eyes[0][:3, 3] - eyes[1][:3, 3]))


def in_world(seat: np.ndarray, local: np.ndarray) -> np.ndarray:
    """An eye or head matrix relative to the seat, placed in the world."""
    return seat @ local


def projection(fov: Fov, near: float, far: float) -> np.ndarray:
    """OpenGL projection (column vectors, clip z in [-1, 1]) for an
    asymmetric field of view, for OpenXR's axes (-z forward)."""
    l, r = math.tan(fov.left), math.tan(fov.right)
    u, d = math.tan(fov.up), math.tan(fov.down)
    w, h = r - l, u - d
    return np.array([
        [2 / w, 0, (r + l) / w, 0],
        [0, 2 / h, (u + d) / h, 0],
        [0, 0, -(far + near) / (far - near), -2 * far * near / (far - near)],
        [0, 0, -1, 0],
    ])


def haven_projection(fov: Fov, near: float, far: float) -> np.ndarray:
    """The projection for a camera whose space is in Haven's axes (+z forward)."""
    return projection(fov, near, far) @ MIRROR_Z


def panda_rows(m: np.ndarray) -> list[float]:
    """A column-vector matrix as the 16 values of Panda3D's row-vector LMatrix4."""
    return [float(v) for v in np.asarray(m).T.reshape(16)]


def panel_place(distance: float = 2.0, drop_deg: float = 12.0) -> tuple[float, float, float]:
    """Where a world-locked caption panel sits relative to the seat: straight
    ahead at ``distance`` metres, ``drop_deg`` below the eyes' level (reading
    is easiest a little below the horizon, and it keeps the view clear)."""
    a = math.radians(drop_deg)
    return 0.0, -distance * math.sin(a), distance * math.cos(a)


def size_for_angle(angle_deg: float, distance: float) -> float:
    """The height in metres that fills ``angle_deg`` of view at ``distance``."""
    return 2 * distance * math.tan(math.radians(angle_deg) / 2)
