"""The welcoming presence's motion and mood, as numbers (pure, no Ursina).

Each frame `step(t, dt, wish)` moves the presence toward where the practice
(and the person's settings) wish it to be:

- It stands on the ground at a distance and a bearing from the seat (degrees
  from the seat's straight ahead, right positive).
- Approaching, it never moves toward the person faster than a calm walk
  (MAX_APPROACH m/s) and eases in and out of every move; its goal is never
  nearer than the distance the person set, it stops exactly at its goal,
  and if the person asks for more room it stops at once and turns back.
- Going back ("retreat", or the person's key) may be a little quicker:
  moving away never startles.
- It turns to face the person once it has noticed them, at a gentle rate.
  How it looks at them is theirs to choose (`gaze`): 'gentle' (default),
  'warm' (a little more glow on welcome), 'steady' (squarely, and still -
  the form keeps its head still) or 'beside' (it settles alongside, at the
  edge of the view, looking out the same way as the person).
- Out of view (`in_view` False) it fades where it is, then rests beside
  and a little behind the seat, outside the camera's view: felt rather than
  seen. Coming back into view is the same the other way round: it fades out
  there and fades in at its place in view. Nothing visible ever jumps.
- Its glow is warmth x (idle + welcome), breathing with the pacer.
- Everything the person titrates glides over a few seconds: warmth (and with
  it the glow and the welcome), size, colour, how visible it is when sent
  away, and leaving or entering the view. (`Glide`: a critically damped
  follower, exact for any frame time: no overshoot, no jump.)

Events (appear, approach, arrive, welcome, retreat) carry the time, the
current distance and the set distance. A move that pauses for less than
STILL_S (as the first centimetres of an eased approach do) is one move,
logged once.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

MAX_APPROACH = 0.9     # m/s toward the person: slower than a calm walk
MAX_RETREAT = 2.0      # m/s away: a brisk, calm walk
ACCEL = 0.25           # m/s^2: every move eases in and out
TURN_RATE = 25.0       # deg/s
ARRIVE_M = 0.25        # within this of the target counts as arrived
STILL_S = 2.0          # s without moving before a new move is a new approach / retreat
GLIDE_S = 0.8          # time constant of titration glides: ~95 % in 4 s, settled in ~5 s
VIEW_S = 0.5           # time constant of fading out of / into view (gone in ~3 s)
AWAY_VISIBLE = 0.35    # how visible it stays when sent back
ASIDE_BEARING = 120.0  # out of view: beside and a little behind the seat (the view is 70 deg wide)
BESIDE_BEARING = 27.0  # gaze 'beside': alongside, at the edge of the view
GAZES = ("gentle", "warm", "steady", "beside")


def wrap(deg: float) -> float:
    """Degrees into (-180, 180]."""
    d = (deg + 180.0) % 360.0 - 180.0
    return 180.0 if d == -180.0 else d


class Glide:
    """A value that follows its target like a critically damped spring:
    it sets off gently, never overshoots and settles in about 6.6 x tau.
    For a sudden change of size D its fastest rate is D / (e tau)."""

    def __init__(self, value: float, tau: float = GLIDE_S):
        self.value = float(value)
        self.rate = 0.0
        self.tau = tau

    def step(self, target: float, dt: float) -> float:
        if dt <= 0:
            return self.value
        w = 1.0 / self.tau
        y0, v0 = self.value - target, self.rate
        e = math.exp(-w * dt)
        c = v0 + w * y0
        self.value = target + (y0 + c * dt) * e
        self.rate = (v0 - w * c * dt) * e
        return self.value

    def jump(self, value: float) -> None:
        """Set at once (only where it cannot be seen)."""
        self.value, self.rate = float(value), 0.0


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
    away: bool = False     # "send it back" key: far off, dimmer
    in_view: bool = True   # False: it rests beside / behind, out of the camera's view
    size: float = 1.0
    colour: tuple[float, float, float] | None = None
    bearing: float = 15.0  # the place's bearing, degrees right of straight ahead
    gaze: str = "gentle"


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
    bearing: float = 15.0    # degrees right of the seat's straight ahead
    warmth: float = 0.5      # the person's warmth, glided
    size: float = 1.0        # glided
    colour: tuple[float, float, float] | None = None   # glided
    dim: float = 1.0         # 1 -> AWAY_VISIBLE when sent back (glided)
    veil: float = 1.0        # 0 while it changes sides of the view
    aside: bool = False      # resting out of view
    events: list[dict] = field(default_factory=list)


class PresenceModel:
    def __init__(self, start_distance: float, set_distance: float, warmth: float | None = None,
                 size: float = 1.0, colour=None, bearing: float = 15.0, in_view: bool = True):
        self.state = PresenceState(distance=float(start_distance), bearing=float(bearing),
                                   warmth=0.5 if warmth is None else float(warmth), size=float(size),
                                   colour=tuple(colour) if colour is not None else None, aside=not in_view)
        self._last_welcome = 0.0
        self._last_seen = 0.0
        self._dir = 0            # the move in progress: 1 toward, -1 away, 0 standing
        self._still = 0.0        # seconds it has stood still
        self._warmth = Glide(self.state.warmth)
        self._size = Glide(size)
        self._colour = [Glide(c) for c in colour] if colour is not None else None
        self._dim = Glide(1.0)
        self._veil = Glide(1.0, VIEW_S)

    def target(self, wish: Wish) -> float:
        if wish.away:
            return wish.start_distance
        d = wish.start_distance + (wish.set_distance - wish.start_distance) * wish.near
        return max(d, wish.set_distance)

    def step(self, t: float, dt: float, wish: Wish) -> PresenceState:
        s = self.state
        s.events = []
        goal = self.target(wish)
        self._move(dt, goal, wish)
        self._glides(dt, wish)
        self._view(dt, wish)
        s.bearing = self._bearing(wish)
        s.visible = wish.seen * s.dim * s.veil
        if wish.seen > 0.05 and not s.noticed:
            s.noticed = True
        if s.noticed:
            want = self._facing(wish)
            left = wrap(s.yaw_to_person - want)
            turn = min(TURN_RATE * dt, abs(left))
            s.yaw_to_person = want + left - math.copysign(turn, left)
            if abs(s.yaw_to_person - want) < 1e-9:
                s.yaw_to_person = want
        warm = s.warmth
        s.welcome = wish.welcome * min(1.0, 2.0 * warm)
        glad = 0.4 if wish.gaze == "warm" else 0.25
        s.glow = wish.seen * (0.35 + 0.65 * warm) * (0.75 + glad * wish.welcome) * (0.9 + 0.1 * wish.breath)
        self._events(t, dt, wish, goal)
        return s

    # -- pieces ----------------------------------------------------------
    def _glides(self, dt: float, wish: Wish) -> None:
        s = self.state
        s.warmth = min(1.0, max(0.0, self._warmth.step(wish.warmth, dt)))
        s.size = self._size.step(wish.size, dt)
        s.dim = self._dim.step(AWAY_VISIBLE if wish.away else 1.0, dt)
        if wish.colour is not None:
            if self._colour is None:
                self._colour = [Glide(c) for c in wish.colour]
            s.colour = tuple(min(1.0, max(0.0, g.step(c, dt))) for g, c in zip(self._colour, wish.colour))

    def _view(self, dt: float, wish: Wish) -> None:
        """Leaving or entering the view: fade where it is, change sides
        unseen, fade in on the other side."""
        s = self.state
        if s.aside == (not wish.in_view):
            s.veil = min(1.0, self._veil.step(1.0, dt))
            return
        s.veil = max(0.0, self._veil.step(0.0, dt))
        if s.veil < 0.01 or wish.seen < 0.01:
            s.aside = not wish.in_view
            s.veil = 0.0
            self._veil.jump(0.0)

    def _bearing(self, wish: Wish) -> float:
        s = self.state
        side = 1.0 if wish.bearing >= 0 else -1.0
        if s.aside:
            return side * ASIDE_BEARING
        if wish.gaze != "beside":
            return wish.bearing
        # drifts to alongside as it comes nearer (tied to how far it has come,
        # so its sideways motion stays slower than its calm approach)
        span = wish.start_distance - wish.set_distance
        k = min(1.0, max(0.0, (wish.start_distance - s.distance) / span)) if span > 1e-6 else 1.0
        k = k * k * (3 - 2 * k)
        return wish.bearing + (side * BESIDE_BEARING - wish.bearing) * k

    def _facing(self, wish: Wish) -> float:
        """How far from facing the person it wants to be turned (degrees)."""
        s = self.state
        if wish.gaze == "beside" and s.arrived and not s.aside:
            return wrap(-(s.bearing + 180.0))   # looking out the way the person looks
        return 0.0

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

    def _events(self, t: float, dt: float, wish: Wish, goal: float) -> None:
        s = self.state
        fields = {"distance": round(s.distance, 3), "set_distance": round(wish.set_distance, 3)}
        if wish.seen > 0 and self._last_seen == 0:
            s.events.append({"t": t, "kind": "presence.appear", **fields})
        moving = 1 if s.speed > 1e-9 else -1 if s.speed < -1e-9 else 0
        self._still = 0.0 if moving else self._still + dt
        if moving and moving != self._dir:
            s.events.append({"t": t, "kind": "presence.approach" if moving > 0 else "presence.retreat", **fields})
            self._dir = moving
        elif not moving and self._still >= STILL_S:
            self._dir = 0
        if wish.welcome > 0 and self._last_welcome == 0:
            s.events.append({"t": t, "kind": "presence.welcome", **fields})
        arrived = wish.near >= 0.999 and abs(s.distance - goal) < ARRIVE_M and not wish.away
        if arrived and not s.arrived:
            s.events.append({"t": t, "kind": "presence.arrive", **fields})
        s.arrived = arrived
        self._last_welcome, self._last_seen = wish.welcome, wish.seen


def position(seat: tuple[float, float, float], yaw_deg: float, bearing_deg: float, distance: float
             ) -> tuple[float, float]:
    """(x, z) on the ground at `distance` from the seat along the bearing."""
    a = math.radians(yaw_deg + bearing_deg)
    return seat[0] + distance * math.sin(a), seat[2] + distance * math.cos(a)


QUALITY_SIZE = {"strength": 1.1}
WARM_TOWARD = (1.0, 0.72, 0.48)   # what 'warmth' nudges its colour toward


def with_qualities(size: float, rgb, qualities) -> tuple[float, tuple[float, float, float]]:
    """The person's qualities nudge the form a little: strength makes it a
    little larger (and steadier: see the forms), warmth warms its colour."""
    q = set(qualities or ())
    size = size * (QUALITY_SIZE["strength"] if "strength" in q else 1.0)
    c = tuple(float(v) for v in rgb)
    if "warmth" in q:
        c = tuple(a * 0.82 + b * 0.18 for a, b in zip(c, WARM_TOWARD))
    return size, c


__all__ = ["ASIDE_BEARING", "AWAY_VISIBLE", "BESIDE_BEARING", "GAZES", "Glide", "MAX_APPROACH",
           "MAX_RETREAT", "PresenceModel", "PresenceState", "STILL_S", "TURN_RATE", "Wish", "position",
           "with_qualities", "wrap"]


@dataclass(frozen=True)
class Setting:
    """How near, warm and large the presence is for this person in this place:
    their choice where they made one, the place's own where not."""
    distance: float
    warmth: float
    size: float
    away: bool
    in_view: bool


def setting(spec, choice) -> Setting:
    """``spec``: the place's presence; ``choice``: the person's (Settings.presence_for)."""
    return Setting(distance=float(choice.distance or spec.distance),
                   warmth=float(spec.warmth if choice.warmth is None else choice.warmth),
                   size=float(choice.size or spec.size), away=bool(choice.away),
                   in_view=bool(spec.in_view if choice.in_view is None else choice.in_view))
