"""Lines made in the background while earlier ones play (pure; one thread).

The window does not wait for the natural voice: the timeline already knows
each line's time (natural.line_seconds), so the practice starts at once and
a `Preparer` makes the lines in the order they will be spoken, each into the
cache. The live voice asks `Pending.ready()` when a line's moment comes; a
line not made by then is left out (its caption still shows), never waited for.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Pending:
    """A line that will be spoken once the preparer has made it."""
    text: str
    seconds: float
    """Its time on the timeline (the clip is made to fit it)."""
    clip: np.ndarray | None = None
    failed: str = ""
    made_at: float | None = None   # time.monotonic() when it became ready
    _done: threading.Event = field(default_factory=threading.Event, repr=False)

    def ready(self) -> np.ndarray | None:
        """The clip once made (an empty clip if it could not be)."""
        return self.clip if self._done.is_set() else None

    def wait(self, timeout: float | None = None) -> np.ndarray | None:
        self._done.wait(timeout)
        return self.ready()

    def _finish(self, clip: np.ndarray | None, failed: str = "") -> None:
        self.clip = clip if clip is not None else np.zeros(0, np.float32)
        self.failed = failed
        self.made_at = time.monotonic()
        self._done.set()


class Preparer:
    """Makes `lines` in order on one daemon thread with `speak(text) -> clip`."""

    def __init__(self, lines: Sequence[Pending], speak: Callable[[str], np.ndarray]):
        self.lines = list(lines)
        self.speak = speak
        self._stop = threading.Event()
        self.started_at: float | None = None
        self.thread = threading.Thread(target=self._work, name="haven-voice-preparer", daemon=True)

    def start(self) -> "Preparer":
        """Start making the lines (again: no-op)."""
        if self.lines and not self.thread.is_alive() and self.thread.ident is None:
            self.started_at = time.monotonic()
            self.thread.start()
        return self

    def stop(self) -> None:
        """Stop after the line being made (the rest are left unmade)."""
        self._stop.set()

    def _work(self) -> None:
        for line in self.lines:
            if self._stop.is_set():
                return
            try:
                line._finish(self.speak(line.text))
            except Exception as e:   # one line that cannot be said stays a caption
                log.warning("line %r not spoken: %s", line.text, e)
                line._finish(None, str(e))

    @property
    def done(self) -> bool:
        return all(line.ready() is not None for line in self.lines)
