"""The welcoming presence's motion and mood, as numbers (pure, no Ursina).

Each frame `step(t, dt, wish)` moves the presence toward where the practice
(and the person's settings) wish it to be:

- It stays on a line from the seat at the place's bearing, on the ground.
- Approaching, it never moves toward the person faster than a calm walk
  (MAX_APPROACH m/s) and eases in and out of every move; its goal is never
  nearer than the distance the person set, it stops exactly at its goal,
  and if the person asks for more room it stops at once and turns back.
- Going back ("retreat", or the person's key) may be quicker: moving away
  never startles.
- It turns to face the person once it has noticed them, at a gentle rate.
- Its glow is warmth x (idle + welcome), breathing with the pacer.

Events (appear, approach, arrive, welcome, retreat) carry the time, the
current distance and the set distance.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

MAX_APPROACH = 0.9     # m/s toward the person: slower than a calm walk
MAX_RETREAT = 3.0      # m/s away
ACCEL = 0.25           # m/s^2: every move eases in and out
TURN_RATE = 25.0       # deg/s
ARRIVE_M = 0.25        # within this of the target counts as arrived


@dataclass
class Wish:
    """What the practice and the person ask for this frame."""
    seen: float            # 0..1 visibility (appear)
    near: float            # 0..1 from start distance to the set distance
    welcome: float         # 0..1
    breath: float          # 0..1 pacer level x amount
    set_distance: float    # the person's nearest (m)
    start_distance: float  # where it waits (m)
    warmth: float          # 0..1 the person's setting
    away: bool = False     # "stay out of view / send it back" key


@dataclass
class PresenceState:
    distance: float
    speed: float = 0.0       # m/s, positive toward the person
    yaw_to_person: float = 180.0   # degrees it is turned away from facing the person
    visible: float = 0.0
    glow: float = 0.0
    welcome: float = 0.0
    noticed: bool = False
    arrived: bool = False
    events: list[dict] = field(default_factory=list)


class PresenceModel:
    def __init__(self, start_distance: float, set_distance: float):
        self.state = PresenceState(distance=float(start_distance))
        self._last_welcome = 0.0
        self._last_seen = 0.0

    def target(self, wish: Wish) -> float:
        if wish.away:
            return wish.start_distance
        d = wish.start_distance + (wish.set_distance - wish.start_distance) * wish.near
        return max(d, wish.set_distance)

    def step(self, t: float, dt: float, wish: Wish) -> PresenceState:
        s = self.state
        s.events = []
        goal = self.target(wish)
        speed_before = s.speed
        self._move(dt, goal, wish)
        s.visible = wish.seen * (0.35 if wish.away else 1.0)
        if wish.seen > 0.05 and not s.noticed:
            s.noticed = True
        if s.noticed:
            turn = min(TURN_RATE * dt, abs(s.yaw_to_person))
            s.yaw_to_person -= math.copysign(turn, s.yaw_to_person)
        s.welcome = wish.welcome * min(1.0, 2.0 * wish.warmth)
        s.glow = wish.seen * (0.35 + 0.65 * wish.warmth) * (0.75 + 0.25 * wish.welcome) * (0.9 + 0.1 * wish.breath)
        self._events(t, wish, goal, speed_before)
        return s

    def _move(self, dt: float, goal: float, wish: Wish) -> None:
        """Ease toward the goal: speed limited, acceleration limited, and it
        slows so as to stop at the goal (v^2 = 2 a d)."""
        s = self.state
        gap = s.distance - goal                     # > 0: it must come nearer
        if gap <= 0 < s.speed:
            s.speed = 0.0   # asked to keep further away: it stops at once (never overshoots)
        toward = 1.0 if gap > 0 else -1.0
        limit = MAX_APPROACH if gap > 0 else MAX_RETREAT
        want = toward * min(limit, math.sqrt(2 * ACCEL * abs(gap)))
        # it sets off gently (ACCEL) and may slow a little more firmly (twice
        # that) so it always stops at the goal; going away may be quicker
        up = ACCEL * (1.0 if gap > 0 else 4.0)
        down = 2 * up
        change = want - s.speed
        grow = abs(want) > abs(s.speed) and want * s.speed >= 0
        lim = (up if grow else down) * dt
        dv = max(-lim, min(lim, change))
        s.speed += dv
        step = s.speed * dt
        if (gap > 0 and step > gap) or (gap < 0 and step < gap):
            step, s.speed = gap, 0.0
        s.distance -= step

    def _events(self, t: float, wish: Wish, goal: float, speed_before: float) -> None:
        s = self.state
        fields = {"distance": round(s.distance, 3), "set_distance": round(wish.set_distance, 3)}
        if wish.seen > 0 and self._last_seen == 0:
            s.events.append({"t": t, "kind": "presence.appear", **fields})
        if s.speed > 0 >= speed_before:
            s.events.append({"t": t, "kind": "presence.approach", **fields})
        if s.speed < 0 <= speed_before:
            s.events.append({"t": t, "kind": "presence.retreat", **fields})
        if wish.welcome > 0 and self._last_welcome == 0:
            s.events.append({"t": t, "kind": "presence.welcome", **fields})
        arrived = wish.near >= 0.999 and abs(s.distance - goal) < ARRIVE_M and not wish.away
        if arrived and not s.arrived:
            s.events.append({"t": t, "kind": "presence.arrive", **fields})
        s.arrived = arrived
        self._last_welcome, self._last_seen = wish.welcome, wish.seen


def position(seat: tuple[float, float, float], yaw_deg: float, bearing_deg: float, distance: float
             ) -> tuple[float, float]:
    """(x, z) on the ground at `distance` from the seat along the place's bearing."""
    a = math.radians(yaw_deg + bearing_deg)
    return seat[0] + distance * math.sin(a), seat[2] + distance * math.cos(a)


__all__ = ["MAX_APPROACH", "MAX_RETREAT", "PresenceModel", "PresenceState", "Wish", "position"]
