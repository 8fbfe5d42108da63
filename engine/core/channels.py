"""Smoothly changing values on the session clock (pure).

A `Channel` holds a value that glides to each new target over a ramp with a
raised-cosine ease, starting from wherever it was at that moment, so no
change - a cue, a therapist's key, the calm way out - ever makes a jump.
The value is a function of t alone, so render and seek give the same answer.
Every instruction is remembered with the time it was given, so a seek back
(`rewind`) forgets exactly the instructions given after that moment - even
ones a later instruction had overridden come back as they were.
"""
from __future__ import annotations

import bisect
import math


def ease(x: float) -> float:
    """0 -> 1 with zero slope at both ends."""
    return (1 - math.cos(math.pi * min(max(x, 0.0), 1.0))) / 2


class Channel:
    def __init__(self, value: float = 0.0):
        self._initial = float(value)
        # (start time, from value, to value, ramp seconds), in time order
        self._moves: list[tuple[float, float, float, float]] = [(-math.inf, value, value, 0.0)]
        self._starts = [-math.inf]
        self._said: list[tuple[float, float, float, float]] = []   # (said at, t, target, ramp)

    def to(self, t: float, target: float, ramp: float, said: float | None = None) -> None:
        """Glide to `target` from time t over `ramp` seconds; moves planned
        after t are dropped (the newest instruction wins). `said`: when the
        instruction was given, if before t (a glide planned ahead)."""
        self._said.append((t if said is None else float(said), float(t), float(target), float(ramp)))
        self._move(t, target, ramp)

    def _move(self, t: float, target: float, ramp: float) -> None:
        now = self.at(t)
        keep = bisect.bisect_left(self._starts, t)
        self._moves = self._moves[:max(keep, 1)] + [(t, now, float(target), max(float(ramp), 0.0))]
        self._starts = [m[0] for m in self._moves]

    def rewind(self, t: float) -> None:
        """Forget every instruction given after t: the channel is as it was
        then, with the glides it had planned from then on."""
        kept = [c for c in self._said if c[0] <= t]
        self._moves = [(-math.inf, self._initial, self._initial, 0.0)]
        self._starts = [-math.inf]
        self._said = kept
        for _, when, target, ramp in kept:
            self._move(when, target, ramp)

    def at(self, t: float) -> float:
        i = bisect.bisect_right(self._starts, t) - 1
        start, frm, to, ramp = self._moves[max(i, 0)]
        if ramp <= 0 or t >= start + ramp:
            return to
        return frm + (to - frm) * ease((t - start) / ramp)

    @property
    def target(self) -> float:
        return self._moves[-1][2]

    def settled(self, t: float) -> bool:
        start, _, _, ramp = self._moves[-1]
        return t >= start + ramp


__all__ = ["Channel", "ease"]
