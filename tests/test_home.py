"""Haven as a person meets it: the home screen, the journey through a
practice and back, settings and records - driven through the window's own
key dispatch, offscreen, in this process."""
from __future__ import annotations

from pathlib import Path

import yaml

from engine.records.store import Store
from tests.helpers.pilot import shell


def records(data: Path):
    with Store.open(data / "records.sqlite3") as s:
        return s.records()


def test_enter_alone_begins_the_highlighted_practice_and_a_record_is_written(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        home = ui.shell.home
        assert home is not None and home.choices.place.name == "meadow"
        assert home.choices.practice.name == "soothing-breathing"        # breathing first
        ui.press("enter")
        c = ui.controller
        assert c is not None and c.session.practice.name == "soothing-breathing"
        assert c.rating is not None and c.rating.when == "before"      # the questions before, easy to skip
        ui.press("s")
        ui.seconds(3)
        assert "segment.start settle" in c.log
        events = sorted((tmp_path / "sessions").glob("*-events.jsonl"))
        assert len(events) == 1 and "segment.start" in events[0].read_text()
    (r,) = records(tmp_path)
    assert (r.place, r.practice) == ("meadow", "soothing-breathing") and r.duration >= 2.9


def test_leaving_early_offers_the_after_questions_then_the_closing_screen_then_home(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("left arrow", "left arrow", "left arrow", "left arrow", "down arrow", "enter")  # beach, short
        c = ui.controller
        assert (c.session.place.name, c.session.practice.name) == ("beach", "safe-place-short")
        ui.press("right arrow", "right arrow", "enter")          # safe: 5 then 6; Begin
        ui.seconds(4)
        ui.press("escape", "q")                                  # pause, leave gently
        assert c.rating is not None and c.rating.when == "after"  # asked even though it ended early
        ui.press("right arrow", "right arrow", "right arrow", "right arrow", "n")   # safe 8, then a note
        ui.type("Calmer. The waves helped.")
        ui.press("enter", "enter")                               # the note ends, then Keep
        assert ui.controller is c and c.rating is None
        ui.seconds(2.5)                                          # the gentle fade
        assert ui.controller is None
        closing = ui.shell.screen
        did, week, kind = closing.lines
        assert did.startswith("Your safe place, a short visit in the golden beach") and "ended early" in did
        assert "This week: " in week
        ui.press("enter")
        assert ui.shell.home is not None
        assert ui.shell.log[-3:] == ["begin beach safe-place-short", "closing", "home"]
    (r,) = records(tmp_path)
    assert (r.place, r.practice, r.status) == ("beach", "safe-place-short", "incomplete")
    assert (r.before.safe, r.after.safe) == (6, 8) and r.note == "Calmer. The waves helped."
