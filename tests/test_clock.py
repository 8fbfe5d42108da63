"""The session clock: exact fixed steps, pause, resume, seek."""
from __future__ import annotations

import pytest

from engine.core.clock import SessionClock


def test_fixed_clock_has_no_drift_over_an_hour():
    clock = SessionClock.fixed(60)
    for _ in range(60 * 3600):
        clock.tick()
    assert clock.now() == 3600.0


def test_fixed_clock_starts_where_asked():
    clock = SessionClock.fixed(30, start=12.5)
    assert clock.now() == 12.5
    clock.tick()
    assert abs(clock.now() - (12.5 + 1 / 30)) < 1e-12


def test_pause_holds_time_and_resume_continues_without_a_jump():
    now = [100.0]
    clock = SessionClock(lambda: now[0])
    now[0] = 105.0
    assert clock.now() == 5.0
    clock.pause()
    now[0] = 200.0
    assert clock.now() == 5.0 and clock.paused
    clock.resume()
    assert clock.now() == 5.0
    now[0] = 201.0
    assert clock.now() == 6.0


def test_seek_moves_session_time_running_and_paused():
    now = [0.0]
    clock = SessionClock(lambda: now[0])
    clock.seek(42.0)
    assert clock.now() == 42.0
    clock.pause()
    clock.seek(10.0)
    assert clock.now() == 10.0
    clock.resume()
    now[0] = 1.0
    assert clock.now() == 11.0


def test_restep_goes_on_from_where_the_clock_stands_in_the_new_step():
    c = SessionClock.fixed(60)
    for _ in range(90):
        c.tick()
    c.restep(15)
    assert c.now() == pytest.approx(1.5, abs=1e-12)   # no jump when the step changes
    for _ in range(15):
        c.tick()
    assert c.now() == pytest.approx(2.5, abs=1e-12)
    c.pause()
    c.restep(60)
    c.resume()
    c.tick()
    assert c.now() == pytest.approx(2.5 + 1 / 60, abs=1e-12)
