"""The breathing pacer: a rhythm the light follows (pure, no Ursina).

Phase is the integral of the breathing rate, never `t % period`: the rate
glides (the ramp from the person's own pace down to the target, or a
therapist's change) and the phase, the stage and the light level all stay
continuous through every change. The rate is piecewise: constant, or a
raised-cosine glide between two rates, so the integral is exact in closed
form and a constant rate gives an exact period over any length of time.

A cycle is split in four: inhale, hold, exhale, rest, as fractions that stay
fixed while the rate changes. `level(t)` rises 0 -> 1 over the inhale with a
raised-cosine ease (zero slope at both ends, so the curve has no corners),
stays at 1 through the hold, falls back over the exhale and rests at 0.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Iterator

from engine.core.channels import ease

from engine.config.ranges import BREATH_RATE  # noqa: E402

MIN_RATE, MAX_RATE = BREATH_RATE.lo, BREATH_RATE.hi
DEFAULT_RATE = 6.0
DEFAULT_START = 10.0   # breaths a minute when the person's own pace is not known
STAGES = ("inhale", "hold", "exhale", "rest")


class BreathError(ValueError):
    """A breathing setting outside what is allowed; the message says what is."""


def check_rate(bpm: float, what: str = "breathing rate") -> float:
    try:
        value = float(bpm)
    except (TypeError, ValueError):
        raise BreathError(f"{what} '{bpm}' is not a number (allowed: {MIN_RATE:g} to {MAX_RATE:g} breaths a minute)") from None
    if not math.isfinite(value) or not MIN_RATE <= value <= MAX_RATE:
        shown = f"{value:g}" if math.isfinite(value) else str(bpm)
        raise BreathError(f"{what} {shown} is out of range (allowed: {MIN_RATE:g} to {MAX_RATE:g} breaths a minute)")
    return value


@dataclass(frozen=True)
class Pattern:
    """Seconds of inhale, hold, exhale and rest at the pattern's own rate;
    only their proportions matter when the rate changes."""
    inhale: float = 4.0
    hold: float = 1.0
    exhale: float = 5.0
    rest: float = 0.0

    def __post_init__(self) -> None:
        parts = (self.inhale, self.hold, self.exhale, self.rest)
        if any(not math.isfinite(p) or p < 0 for p in parts) or self.inhale <= 0 or self.exhale <= 0:
            raise BreathError("breathing pattern needs inhale and exhale above 0 s and no negative parts")
        check_rate(self.rate, "breathing pattern's rate")

    @classmethod
    def from_rate(cls, bpm: float, ratio: tuple[float, float, float, float] = (4, 1, 5, 0)) -> "Pattern":
        """A pattern at `bpm` with in:hold:out:rest in the given ratio."""
        period = 60.0 / check_rate(bpm)
        total = sum(ratio)
        return cls(*(period * r / total for r in ratio))

    @property
    def period(self) -> float:
        return self.inhale + self.hold + self.exhale + self.rest

    @property
    def rate(self) -> float:
        return 60.0 / self.period

    def bounds(self) -> tuple[float, float, float]:
        """Cycle fractions where hold, exhale and rest begin."""
        p = self.period
        return (self.inhale / p, (self.inhale + self.hold) / p, (self.inhale + self.hold + self.exhale) / p)


@dataclass(frozen=True)
class _Piece:
    """Rate over [t0, t1): a raised-cosine glide from r0 to r1 (r0 == r1: constant)."""
    t0: float
    t1: float
    r0: float
    r1: float
    cycles0: float   # cycles completed at t0

    def rate(self, t: float) -> float:
        if self.t1 <= self.t0 or t >= self.t1:
            return self.r1
        u = (t - self.t0) / (self.t1 - self.t0)
        return self.r0 + (self.r1 - self.r0) * (1 - math.cos(math.pi * u)) / 2

    def cycles(self, t: float) -> float:
        """Cycles at t: the exact integral of rate/60 from t0."""
        dt = t - self.t0
        span = self.t1 - self.t0
        if span <= 0 or t >= self.t1:
            done = 0.0 if span <= 0 else span * (self.r0 + self.r1) / 2
            return self.cycles0 + (done + (t - max(self.t1, self.t0)) * self.r1) / 60.0
        d = self.r1 - self.r0
        integral = dt * (self.r0 + d / 2) - d / 2 * span / math.pi * math.sin(math.pi * dt / span)
        return self.cycles0 + integral / 60.0


class Pacer:
    """Breathing rhythm from t0 on: a ramp from `start_rate` to the pattern's
    rate over `ramp` seconds, then steady; `set_rate` glides elsewhere."""

    def __init__(self, pattern: Pattern = Pattern(), start_rate: float | None = None,
                 ramp: float = 120.0, t0: float = 0.0):
        self.pattern = pattern
        self.t0 = float(t0)
        start = check_rate(start_rate if start_rate is not None else DEFAULT_START, "starting rate")
        if not math.isfinite(ramp) or ramp < 0:
            raise BreathError(f"ramp {ramp:g} s is not allowed (allowed: 0 s or more)")
        self._pieces = [_Piece(self.t0, self.t0 + ramp, start, pattern.rate, 0.0)]
        self._first = self._pieces[0]
        self._bounds = pattern.bounds()
        self._said: list[tuple[float, str, tuple]] = []   # (time, method, args) of every change

    # -- the rate ------------------------------------------------------
    def _piece(self, t: float) -> _Piece:
        i = bisect.bisect_right([p.t0 for p in self._pieces], t) - 1
        return self._pieces[max(i, 0)]

    def rate(self, t: float) -> float:
        return self._piece(t).rate(t) if t >= self.t0 else self._pieces[0].r0

    def set_rate(self, t: float, bpm: float, glide: float = 8.0) -> None:
        """From time t, glide to `bpm` over `glide` seconds (the rate, the
        phase and the light stay continuous). Later plans are dropped."""
        target = check_rate(bpm)
        self._said.append((float(t), "rate", (float(t), target, glide)))
        self._set_rate(t, target, glide)

    def _set_rate(self, t: float, target: float, glide: float) -> None:
        t = max(float(t), self.t0)
        keep = [p for p in self._pieces if p.t0 < t] or self._pieces[:1]
        now = self.rate(t)
        cycles = self.cycles(t)
        self._pieces = keep + [_Piece(t, t + max(glide, 0.0), now, target, cycles)]

    def restart_ramp(self, t: float, start_rate: float, ramp: float, glide: float = 6.0) -> None:
        """From time t: glide to `start_rate` (the person's own pace, just
        measured, held to 3-12), then ramp to the pattern's rate over `ramp` seconds."""
        start = min(max(float(start_rate), MIN_RATE), MAX_RATE)
        self._said.append((float(t), "ramp", (float(t), start, ramp, glide)))
        self._restart(t, start, ramp, glide)

    def _restart(self, t: float, start: float, ramp: float, glide: float) -> None:
        self._set_rate(t, start, glide)
        t1 = max(float(t), self.t0) + max(glide, 0.0)
        self._pieces.append(_Piece(t1, t1 + max(ramp, 0.0), start, self.pattern.rate, self.cycles(t1)))

    def rewind(self, t: float) -> None:
        """Forget every change made after t (a seek back): the rhythm is the
        one that was planned at t, so phase and light are as they were then."""
        kept = [c for c in self._said if c[0] <= t]
        self._pieces, self._said = [self._first], kept
        for _, kind, args in kept:
            (self._set_rate if kind == "rate" else self._restart)(*args)

    # -- phase, stage, level ------------------------------------------
    def cycles(self, t: float) -> float:
        """Breaths completed since t0 (a continuous count)."""
        if t <= self.t0:
            return (t - self.t0) * self._pieces[0].r0 / 60.0
        return self._piece(t).cycles(t)

    def phase(self, t: float) -> float:
        """Where in the breath t falls, 0 <= phase < 1 (0: an in-breath begins)."""
        c = self.cycles(t)
        return c - math.floor(c)

    def stage(self, t: float) -> str:
        ph = self.phase(t)
        return STAGES[bisect.bisect_right(self._bounds, ph)]

    def level(self, t: float) -> float:
        """The light's level, 0..1: rises on the in-breath, settles on the out."""
        ph = self.phase(t)
        hold, exhale, rest = self._bounds
        if ph < hold:
            return ease(ph / hold)
        if ph < exhale:
            return 1.0
        if ph < rest:
            return 1.0 - ease((ph - exhale) / (rest - exhale))
        return 0.0

    # -- stage changes, exactly ---------------------------------------
    def stage_changes(self, t0: float, t1: float) -> Iterator[tuple[float, str]]:
        """(time, stage) for every stage that begins in (t0, t1], in order,
        found by bisection on the (monotonic) cycle count to 1 microsecond."""
        c0, c1 = self.cycles(t0), self.cycles(t1)
        starts = (0.0,) + self._bounds
        ends = self._bounds + (1.0,)
        for k in range(math.floor(c0), math.floor(c1) + 1):
            for stage, start, end in zip(STAGES, starts, ends):
                if end <= start:
                    continue  # a zero-length hold or rest never begins
                if c0 < k + start <= c1:
                    yield self._solve(k + start, t0, t1), stage

    def _solve(self, cycles: float, lo: float, hi: float) -> float:
        for _ in range(80):
            mid = (lo + hi) / 2
            if self.cycles(mid) < cycles:
                lo = mid
            else:
                hi = mid
            if hi - lo < 1e-7:
                break
        return hi


class RateFinder:
    """'Find my natural rate': the person holds a key breathing in and lets go
    breathing out. Breaths are timed from one press to the next; after
    enough of them, the median gives the rate and the in-share of a breath."""

    def __init__(self, breaths: int = 4):
        self.needed = breaths
        self.presses: list[float] = []
        self.releases: list[float] = []

    def press(self, t: float) -> None:
        if not self.presses or len(self.releases) == len(self.presses):
            self.presses.append(t)

    def release(self, t: float) -> None:
        if len(self.releases) < len(self.presses):
            self.releases.append(t)

    def breaths(self) -> list[float]:
        """Seconds per whole breath; a gap longer than 30 s is not a breath."""
        gaps = [b - a for a, b in zip(self.presses, self.presses[1:])]
        return [g for g in gaps if 1.5 <= g <= 30.0]

    @property
    def done(self) -> bool:
        return len(self.breaths()) >= self.needed - 1 and len(self.presses) >= self.needed

    def rate(self) -> float | None:
        """Breaths a minute (unclamped), or None until a breath is timed."""
        gaps = sorted(self.breaths())
        if not gaps:
            return None
        mid = len(gaps) // 2
        median = gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) / 2
        return 60.0 / median

    def start_rate(self) -> float | None:
        """The rate a ramp may start from: the measured one held to 3-12."""
        r = self.rate()
        return None if r is None else min(max(r, MIN_RATE), MAX_RATE)


__all__ = ["BreathError", "DEFAULT_RATE", "DEFAULT_START", "MAX_RATE", "MIN_RATE", "Pacer", "Pattern",
           "RateFinder", "STAGES", "check_rate", "ease"]
