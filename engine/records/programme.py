"""The programme's progress as kept with the records: read it, set the week.

The records file holds every setting of the week with its time; what of
the week is done comes from the practice records themselves
(engine/core/programme.py), so nothing is counted twice or kept apart.
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.config.errors import ConfigError
from engine.config.programme import Programme, load_programme
from engine.core.programme import Done, Progress, WeekSet, check_week, progress
from engine.records.store import Store, StoreError


@dataclass(frozen=True)
class ProgrammeView:
    programme: Programme | None
    progress: Progress | None
    problem: str | None = None
    """Why the programme cannot be shown, in one plain line."""


def read(client: str = "", path=None) -> ProgrammeView:
    """The programme and this person's progress (a problem line, never a raise)."""
    try:
        programme = load_programme()
    except ConfigError as e:
        return ProgrammeView(None, None, (e.problems or [str(e)])[0])
    try:
        with Store.open(path) as store:
            marks = [WeekSet(w, s, h, c) for w, s, h, c in store.weeks_set()]
            done = [Done(r.practice, r.option, r.started, r.status == "completed", r.client) for r in store.records()]
    except StoreError as e:
        return ProgrammeView(programme, progress(programme, [], [], client), str(e))
    return ProgrammeView(programme, progress(programme, marks, done, client))


def set_week(week: int, how: str, client: str = "", path=None) -> None:
    """Start, move on or set the week; ValueError for a week out of range, StoreError if not saved."""
    check_week(week, load_programme())
    with Store.open(path) as store:
        store.set_week(week, how, client)
