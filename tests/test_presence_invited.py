"""Company comes only when it is welcome (issue 18: fear of compassion).

Every built-in practice is played on the director's clock. With the
default 'ask', nothing of the presence shows unless the person says yes
(Y) after the practice offers company; said yes, it comes from that moment,
at its own slow pace; with 'never' it never comes; with 'always' (yes said
in advance) it comes as the practice asks.
"""
from __future__ import annotations

import numpy as np
import pytest

from engine import NARRATION_DIR
from engine.config import load_practice
from engine.config.settings import Settings, SettingsOwner
from engine.core.clock import SessionClock
from engine.core.commands import Commands
from engine.core.director import Director

PRACTICES = sorted(f.stem for f in NARRATION_DIR.glob("*.yaml"))
WITH_COMPANY = [n for n in PRACTICES if any(c.do.startswith("presence.") for s in load_practice(n).segments
                                             for c in s.cues)]


def _played(name: str, comes: str, yes_at: float | None = None) -> tuple[np.ndarray, np.ndarray, Director]:
    prefs = SettingsOwner(Settings(presence_comes=comes), keep=False)
    d = Director(load_practice(name), settings=prefs)
    ts = np.arange(0.0, d.timeline.length + 1.0, 0.5)
    seen = []
    for t in ts:
        d.advance(float(t))
        if yes_at is not None and abs(t - yes_at) < 0.25:
            d.presence_yes(float(t))
        seen.append(d.state(float(t)).presence["seen"])
    return ts, np.array(seen), d


def test_the_practices_that_bring_company_offer_it_first() -> None:
    assert {"safe-place", "safe-place-short", "compassionate-other"} <= set(WITH_COMPANY)
    for name in WITH_COMPANY:
        cues = [c.do for s in load_practice(name).segments for c in s.cues if c.do.startswith("presence.")]
        assert cues[0] == "presence.invite", name   # offered before anything comes


@pytest.mark.parametrize("name", WITH_COMPANY)
def test_nothing_comes_unless_the_person_says_yes(name: str) -> None:
    ts, seen, d = _played(name, "ask")
    assert seen.max() == 0.0
    assert d.held_presence   # what the practice asked of it is held, not lost
    _, never, _ = _played(name, "never")
    assert never.max() == 0.0


@pytest.mark.parametrize("name", WITH_COMPANY)
def test_said_yes_it_comes_from_then_at_its_own_pace(name: str) -> None:
    invite = min(c.t for c in Director(load_practice(name)).timeline.cues if c.do == "presence.invite")
    yes = invite + 6.0
    ts, seen, d = _played(name, "ask", yes_at=yes)
    assert seen[ts < yes].max() == 0.0
    assert seen.max() == pytest.approx(1.0)
    assert np.abs(np.diff(seen)).max() <= 0.5 * np.pi / (2 * 6.0) + 1e-6   # an eased 6 s fade-in, never a pop
    assert [e for e in d.log.events if e["kind"] == "presence.yes"][0]["held"]


def test_yes_through_the_commands_is_said_once_and_always_needs_no_yes() -> None:
    prefs = SettingsOwner(Settings(), keep=False)
    d = Director(load_practice("safe-place-short"), settings=prefs)
    commands = Commands(SessionClock(), d, prefs)
    assert commands.presence_yes() and not commands.presence_yes()
    assert commands.said == ["company welcome"]
    _, seen, _ = _played("safe-place-short", "always")
    assert seen.max() == pytest.approx(1.0)
