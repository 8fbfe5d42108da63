"""Where a person is in the eight-week programme, and what of the week is
done (pure: no window, no database).

The week is what was last set: by the person starting or moving on, or by a
therapist setting it (the store keeps each setting with its time). A step
of the week - its reading, each practice - is done when a practice record
of it was completed since the week was set, for the same person (client
code in session mode, '' at home). A practice that the programme gives
with an option counts when done with that option. Nothing moves on by
itself: the person (or therapist) moves on when ready.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from engine.config.programme import Programme, Step


@dataclass(frozen=True)
class WeekSet:
    """One setting of the week (a row of the store's programme table)."""
    week: int
    since: float
    """Unix seconds."""
    how: str
    """'started', 'moved on', 'set' (a therapist or the person chose it)."""
    client: str = ""


@dataclass(frozen=True)
class Done:
    """What the programme needs of a practice record."""
    practice: str
    option: str
    started: float
    completed: bool
    client: str = ""


@dataclass(frozen=True)
class StepState:
    step: Step
    done: bool
    reading: bool


@dataclass(frozen=True)
class Progress:
    weeks: int
    week: int | None
    """1-based; None when the programme has not been started."""
    since: float | None
    how: str
    steps: tuple[StepState, ...]
    days: int
    """Days with at least one completed practice since the week was set."""
    weeks_done: tuple[bool, ...] = ()
    """Each week: all its steps completed at some time since the programme began."""

    @property
    def started(self) -> bool:
        return self.week is not None

    @property
    def done(self) -> int:
        return sum(s.done for s in self.steps)

    @property
    def week_done(self) -> bool:
        return self.started and all(s.done for s in self.steps)

    @property
    def next_step(self) -> int:
        """Index of the first step not done (the last when all are)."""
        return next((i for i, s in enumerate(self.steps) if not s.done), max(len(self.steps) - 1, 0))

    @property
    def finished(self) -> bool:
        return self.week == self.weeks and self.week_done


def current(marks: list[WeekSet], client: str = "") -> WeekSet | None:
    """The latest setting of the week for this person."""
    mine = [m for m in marks if m.client == client]
    return max(mine, key=lambda m: m.since) if mine else None


def step_done(step: Step, records: list[Done], since: float, client: str = "") -> bool:
    for r in records:
        if r.completed and r.client == client and r.started >= since and r.practice == step.practice:
            if step.option is None or r.option.split(",")[0].strip() == step.option:
                return True
    return False


def progress(programme: Programme, marks: list[WeekSet], records: list[Done], client: str = "") -> Progress:
    mark = current(marks, client)
    n = len(programme.weeks)
    if mark is None:
        return Progress(n, None, None, "", (), 0, (False,) * n)
    began = min(m.since for m in marks if m.client == client)
    weeks_done = tuple(all(step_done(s, records, began, client) for s in programme.steps(w + 1)) for w in range(n))
    week = min(max(mark.week, 1), n)
    steps = tuple(StepState(s, step_done(s, records, mark.since, client), i == 0)
                  for i, s in enumerate(programme.steps(week)))
    days = {time.strftime("%Y-%m-%d", time.localtime(r.started)) for r in records
            if r.completed and r.client == client and r.started >= mark.since}
    return Progress(n, week, mark.since, mark.how, steps, len(days), weeks_done)


def check_week(week: object, programme: Programme) -> int:
    n = len(programme.weeks)
    if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= n:
        raise ValueError(f"week {week!r} is not allowed (allowed: 1 to {n})")
    return week


def home_line(p: Progress, programme: Programme) -> str:
    """The home screen's 'this week' line."""
    if not p.started:
        return f"New: {programme.title.lower()}, a theme a week (P)"
    theme = programme.weeks[p.week - 1].theme
    if p.finished:
        return f"Programme: all {p.weeks} weeks done - {theme.lower()} (P)"
    return f"This week: week {p.week} of {p.weeks}, {theme.lower()} - {p.done} of {len(p.steps)} done (P)"
