"""Keeps one practice's record while it runs (pure: no Ursina).

The app hands it the director's events and its own; it writes the record's
start, its progress every few seconds (so a crash loses at most that), the
moments worth remembering, and how it ended. If the records cannot be
written (a read-only or full disk, a damaged file), the practice goes on
and `problem` says why, once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from engine.records.store import Ratings, Store, StoreError

PROGRESS_EVERY = 5.0   # seconds between duration updates
NOTABLE = {
    "ground": lambda e: e.get("source", ""),
    "too-much": lambda e: "grounding started",
    "ladder.step": lambda e: e.get("name", ""),
    "segment.skip": lambda e: e.get("id", ""),
    "segment.extend": lambda e: f"{e.get('id', '')} +{e.get('seconds', 0):g} s",
    "seek": lambda e: f"to {e.get('to', e.get('t', 0)):.0f} s",
    "control": lambda e: f"{e.get('what', '')} {e.get('value', '')}".strip(),
    "settled": lambda e: f"after {e.get('seconds', e['t']):.0f} s",
    "presence.titrate": lambda e: ", ".join(f"{k} {v}" for k, v in e.items()
                                            if k not in ("t", "kind", "frame")),
}


class PracticeRecorder:
    def __init__(self, place: str, practice: str, ladder: int, before: Ratings = Ratings(),
                 opener: Callable[[], Store] = Store.open, client: str = "", option: str = ""):
        self.store: Store | None = None
        self.id: int | None = None
        self.problem: str | None = None
        self.ended = False
        self.completed = False
        self._last = 0.0
        self.ladder = ladder
        try:
            self.store = opener()
            self.id = self.store.begin(place, practice, ladder, before, client=client, option=option)
        except StoreError as exc:
            self._fail(exc)

    def seen(self, events: Iterable[dict]) -> None:
        """Remember the moments of note among new events."""
        for e in events:
            if e["kind"] == "ladder.step":
                self.ladder = int(e.get("step", self.ladder))
            if e["kind"] == "settled":
                self._write(lambda s: s.settled(self.id, float(e["t"])))
            describe = NOTABLE.get(e["kind"])
            if describe is not None:
                self._write(lambda s: s.mark(self.id, e["t"], e["kind"], str(describe(e))[:200]))

    def tick(self, t: float) -> None:
        if not self.ended and t - self._last >= PROGRESS_EVERY:
            self._last = t
            self._write(lambda s: s.progress(self.id, t, self.ladder))

    def end(self, t: float, completed: bool) -> None:
        """The practice reached its end (completed) or was left before it."""
        if self.ended:
            return
        self.ended, self.completed = True, completed
        self._write(lambda s: s.finish(self.id, t, completed, ladder=self.ladder))

    def rate_after(self, after: Ratings, note: str = "", check_in: str = "") -> None:
        if not after.empty() or note or check_in:
            self._write(lambda s: s.rate_after(self.id, after, note[:2000], check_in))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _write(self, action: Callable[[Store], None]) -> None:
        if self.store is None or self.id is None:
            return
        try:
            action(self.store)
        except StoreError as exc:
            self._fail(exc)

    def _fail(self, exc: StoreError) -> None:
        self.problem = f"haven: {exc}; the practice goes on without a record"
        if self.store is not None:
            try:
                self.store.close()
            except Exception:  # noqa: BLE001 - already failing; the message says why
                pass
        self.store = None
