"""One session clock for everything: light, sound, captions and cues.

The time source is injected (pyglet's clock does the same): real time in
the app, a fixed step in `render` and tests. Pausing stops session time;
seeking moves it. Nothing else in Haven keeps time of its own.
"""
from __future__ import annotations

import time
from typing import Callable


class SessionClock:
    def __init__(self, source: Callable[[], float] = time.monotonic, start: float = 0.0):
        self._source = source
        self._origin = source() - start
        self._paused_at: float | None = None

    @classmethod
    def fixed(cls, fps: float, start: float = 0.0) -> "SessionClock":
        """A clock advanced only by `tick()`: exactly 1/fps a step."""
        stepper = _Stepper(1.0 / fps, start)
        clock = cls(stepper, start)
        clock._stepper = stepper
        return clock

    def tick(self) -> float:
        """Advance a fixed-step clock by one step; returns the new time."""
        self._stepper.advance()
        return self.now()

    def restep(self, fps: float) -> None:
        """Give a fixed-step clock a new step from now on; time goes on from
        where it stands (tests wait long stretches in coarser steps)."""
        s = self._stepper
        s.start, s.n, s.step = s(), 0, 1.0 / fps

    def now(self) -> float:
        if self._paused_at is not None:
            return self._paused_at
        return self._source() - self._origin

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._origin = self._source() - self._paused_at
            self._paused_at = None

    def seek(self, t: float) -> None:
        if self._paused_at is not None:
            self._paused_at = t
        else:
            self._origin = self._source() - t


class _Stepper:
    def __init__(self, step: float, start: float):
        self.step = step
        self.n = 0
        self.start = start

    def advance(self) -> None:
        self.n += 1

    def __call__(self) -> float:
        # n * step, not repeated addition: no drift over an hour of frames.
        return self.start + self.n * self.step
