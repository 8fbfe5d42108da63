"""The eight-week programme: its file, the progress kept with the records,
and the page and home line a person uses (driven through the window)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from engine.config.errors import ConfigError
from engine.config.loader import load_practice
from engine.config.programme import MAX_READING_WORDS, load_programme, reading_words
from engine.core.programme import Done, WeekSet, home_line, progress
from engine.records.store import Store
from helpers.pilot import shell

THEMES = ("tricky brain", "compassionate self", "others", "receiving", "yourself", "critic",
          "angry, anxious and sad", "keeping it going")


def test_eight_weeks_in_the_order_of_the_outline_with_short_spoken_readings() -> None:
    p = load_programme()
    assert len(p.weeks) == 8
    for week, theme in zip(p.weeks, THEMES):
        assert theme in week.theme.lower()
        reading = load_practice(week.reading)
        assert reading.kind == "reading" and not reading.warm
        assert 120 <= reading_words(reading) <= MAX_READING_WORDS
        assert 1 <= len(week.practices) <= 2
    assert p.steps(3)[0].practice == "reading-week-3"
    assert [(s.practice, s.option) for s in p.steps(3)[1:]] == [("loving-kindness", "neutral"), ("chosen-flow", "give")]


def test_a_broken_programme_names_its_line_and_what_is_allowed(tmp_path: Path) -> None:
    text = Path("narration/programme/programme.yaml").read_text()
    bad = tmp_path / "programme.yaml"
    bad.write_text(text.replace('"chosen-flow: give"', '"chosen-flow: shout"').replace("[inner-critic]", "[inner-critc]"))
    with pytest.raises(ConfigError) as e:
        load_programme(bad)
    lines = e.value.problems
    assert any("programme.yaml:" in line and "'shout' is not one of chosen-flow's choices (allowed: receive, give, self)"
               in line for line in lines), lines
    assert any("'inner-critc' does not exist" in line and "inner-critic" in line for line in lines), lines


def test_a_step_is_done_by_a_completed_practice_since_the_week_began_with_its_option() -> None:
    p = load_programme()
    assert not progress(p, [], []).started
    assert "eight weeks" in home_line(progress(p, [], []), p)
    marks = [WeekSet(1, 100.0, "started"), WeekSet(3, 1000.0, "moved on")]
    records = [Done("reading-week-3", "", 900.0, True),             # before week 3 began: not counted
               Done("loving-kindness", "neutral, gently", 1100.0, True),   # the gentle route still counts
               Done("chosen-flow", "receive", 1200.0, True),        # the other option: not this step
               Done("reading-week-3", "", 1300.0, False),           # left early: not done
               Done("reading-week-3", "", 1400.0, True, client="K-1")]   # someone else's
    now = progress(p, marks, records)
    assert now.week == 3 and [s.done for s in now.steps] == [False, True, False]
    assert now.done == 1 and now.next_step == 0 and not now.week_done
    assert home_line(now, p) == "This week: week 3 of 8, compassion for others, and what gets in the way - 1 of 3 done (P)"
    records.append(Done("chosen-flow", "give", 1500.0, True))
    records.append(Done("reading-week-3", "", 1600.0, True))
    assert progress(p, marks, records).week_done
    assert progress(p, marks, records, client="K-1").week is None   # the client's programme is their own


def test_the_week_and_its_history_are_kept_in_the_records_file(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    with Store.open(path) as s:
        s.set_week(1, "started", since=10.0)
        s.set_week(4, "set", client="K-2", since=20.0)
        s.set_week(2, "moved on", since=30.0)
    with Store.open(path) as s:
        assert s.weeks_set() == [(1, 10.0, "started", ""), (4, 20.0, "set", "K-2"), (2, 30.0, "moved on", "")]
        s.delete_all()
        assert s.weeks_set() == []
    with sqlite3.connect(path) as c, pytest.raises(sqlite3.IntegrityError):
        c.execute("INSERT INTO programme (week, since) VALUES (0, 1)")   # weeks count from 1


def test_a_person_starts_the_programme_reads_week_one_moves_on_and_a_therapist_sets_a_week(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        assert ui.shell.home.week.text.startswith("New: eight weeks")
        ui.press("p")
        page = ui.shell.screen
        assert type(page).__name__ == "ProgrammePage" and page.current is None
        ui.press("enter")                                  # week 1's first step: its reading
        c = ui.controller
        assert c.session.practice.name == "reading-week-1" and c.rating is None   # no questions before a reading
        assert ui.shell.prefs.value.voice == "captions"    # read aloud, but the person's own choice is kept
        assert c.session.voice_engine.startswith("natural:")   # by the natural voice, though captions are chosen
        ui.seconds(3)
        state = c.director.state(c.clock.now())
        assert state.caption and state.caption.startswith("Welcome to the first week")
        for _ in range(len(c.session.practice.segments)):
            ui.press("]")
        for _ in range(30):
            ui.seconds(1)
            assert c.rating is None                        # and none after
            if type(ui.shell.screen).__name__ == "ClosingScreen":
                break
        ui.press("enter")                                  # the closing screen goes back to the programme
        page = ui.shell.screen
        assert type(page).__name__ == "ProgrammePage" and page.current == 1
        assert [s.done for s in page.progress.steps] == [True, False, False]
        assert "- done" in page.steps[0].text and "- not yet" in page.steps[1].text
        ui.press("n")
        assert "press N again" in page.status.text and ui.shell.screen is page   # asked first: no rush
        ui.press("n")
        page = ui.shell.screen
        assert page.current == 2 and "Week 2 begins" in page.status.text
        ui.press("down arrow", "down arrow", "down arrow", "w")
        assert "Press W again" in page.status.text and page.current == 2
        ui.press("w")
        page = ui.shell.screen
        assert page.current == 5 and page.view.progress.how == "set"
        ui.shell.prefs.change(voice="speech")   # the basic voice reads it: week 1 had the natural one (9 s of making)
        ui.press("enter")
        assert ui.controller.session.practice.name == "reading-week-5"
        ui.press("escape", "q")
        ui.seconds(4)
        ui.press("enter", "escape")
        assert ui.shell.home.week.text == ("This week: week 5 of 8, compassion for yourself - 0 of 3 done (P)")
    with Store.open(tmp_path / "records.sqlite3") as s:
        assert [(w, how) for w, _, how, _ in s.weeks_set()] == [(1, "started"), (2, "moved on"), (5, "set")]
        kept = [(r.practice, r.status) for r in s.records()]
    assert kept[0] == ("reading-week-1", "completed") and kept[-1][0] == "reading-week-5"
