"""`Quadruped`: the walking and looking the four-legged animals share
(dog.py, deer.py, cat.py)."""
from __future__ import annotations

import math

from engine.world.presence.rig import Joint
from engine.world.presence.shape_form import ShapeForm


class Quadruped(ShapeForm):
    """Shared walking and looking for the four-legged animals."""
    legs: list
    head: Joint
    neck: Joint | None = None
    look_limit = 60.0
    leg_swing = 24.0

    def walk_legs(self, amp: float | None = None) -> float:
        """Swing the legs in a walk (diagonal pairs together); returns the bob."""
        m = self.motion
        a = (self.leg_swing if amp is None else amp) * m.walk
        for leg, phase in self.legs:
            leg.np.setP(a * math.sin(m.phase + phase))
        return 0.012 * m.walk * abs(math.sin(m.phase))

    def look(self, t: float, body_yaw: float, tilt: float = 0.0, nod: float = 0.0,
             wander: float = 3.0) -> None:
        """Turn the head (and neck) back toward the person, with a slow small
        wander and a soft tilt."""
        want = -body_yaw
        if abs(want) > 120:        # walking away: it looks where it goes
            want = 0.0
        want = max(-self.look_limit, min(self.look_limit, want))
        idle_h = wander * math.sin(2 * math.pi * t / 9.0)
        idle_p = 0.5 * wander * math.sin(2 * math.pi * t / 11.0 + 1.0)
        if self.neck is not None:
            self.neck.np.setH(0.45 * want)
            self.head.np.setHpr(0.55 * want + idle_h, idle_p - nod, tilt)
        else:
            self.head.np.setHpr(want + idle_h, idle_p - nod, tilt)
