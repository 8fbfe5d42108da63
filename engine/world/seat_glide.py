"""Back to the seat: a slow, eased glide from where the person walked to (pure).

When the practice says `camera.still` while the person is walking about, the
camera does not jump: it glides back to the seat along a raised-cosine ease
(zero speed at both ends, no corner in the motion), slow enough that its
peak speed stays at half a strolling pace and its turning well under the
arrow keys' rate. Its length follows the distance and the turn, within
bounds (4 to 90 s), so a short way back is still unhurried; only from more
than about 37 m away does its peak go over PEAK_SPEED (at 100 m: 1.75 m/s
at the middle, 0.06 m/s^2 at most - still a gentle glide). The person can always
decline it (Tab keeps them walking): the practice invites, it never forces.

No Ursina here: `pose(t, seat)` is a function of the session clock.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from engine.core.channels import ease

PEAK_SPEED = 0.65     # m/s at the glide's middle (half of controls.WALK_SPEED)
PEAK_TURN = 15.0      # deg/s at most (the arrow keys turn at 35)
MIN_SECONDS = 4.0
MAX_SECONDS = 90.0    # beyond ~37 m away the glide is faster than PEAK_SPEED (still eased)


def _angle(a: float, b: float) -> float:
    """b - a the short way round, in -180..180 degrees."""
    return (b - a + 180.0) % 360.0 - 180.0


@dataclass(frozen=True)
class SeatGlide:
    t0: float
    x: float
    z: float
    yaw: float
    pitch: float
    seconds: float

    @classmethod
    def start(cls, t0: float, x: float, z: float, yaw: float, pitch: float,
              seat: tuple[float, float, float, float]) -> "SeatGlide":
        """A glide from (x, z, yaw, pitch) at t0 to `seat` (x, z, yaw, pitch).
        A raised-cosine ease over T seconds peaks at pi/2 * distance / T, so T
        is chosen to keep that under PEAK_SPEED and PEAK_TURN."""
        sx, sz, syaw, spitch = seat
        dist = math.hypot(sx - x, sz - z)
        turn = max(abs(_angle(yaw, syaw)), abs(spitch - pitch))
        need = max(math.pi / 2 * dist / PEAK_SPEED, math.pi / 2 * turn / PEAK_TURN)
        return cls(float(t0), float(x), float(z), float(yaw), float(pitch),
                   min(max(need, MIN_SECONDS), MAX_SECONDS))

    def progress(self, t: float) -> float:
        return ease((t - self.t0) / self.seconds)

    def done(self, t: float) -> bool:
        return t >= self.t0 + self.seconds

    def pose(self, t: float, seat: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """(x, z, yaw, pitch) at time t, heading for `seat` (which may drift
        slowly itself: the glide ends exactly on it)."""
        k = self.progress(t)
        sx, sz, syaw, spitch = seat
        return (self.x + (sx - self.x) * k, self.z + (sz - self.z) * k,
                (self.yaw + _angle(self.yaw, syaw) * k) % 360.0, self.pitch + (spitch - self.pitch) * k)


__all__ = ["MAX_SECONDS", "MIN_SECONDS", "PEAK_SPEED", "PEAK_TURN", "SeatGlide"]
