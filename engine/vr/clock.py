"""Haven's one clock when the runtime paces the frames.

In VR the session clock's source is the runtime's predicted display time:
the moment the frame being made will be seen. The director, the light, the
sound and the captions all read ``SessionClock.now()`` as on the desktop,
so they stay together; pausing still stops them all.
"""
from __future__ import annotations

from engine.core.clock import SessionClock


class DisplayTime:
    """Seconds of predicted display time since the first frame; 0 until the
    frames (``XrStereo``, attached once the window is open) flow."""

    def __init__(self) -> None:
        self.frames = None

    def __call__(self) -> float:
        return 0.0 if self.frames is None else self.frames.seconds()


class RuntimeClock(SessionClock):
    """A session clock on the runtime's display time. ``tick`` only reads it:
    the runtime, not Haven, moves time on (xrWaitFrame), so a test driver
    that ticks a fixed-step clock each frame works unchanged."""

    def __init__(self, source: DisplayTime | None = None):
        self.display = source or DisplayTime()
        super().__init__(self.display)

    def tick(self) -> float:
        return self.now()
