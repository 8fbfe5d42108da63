"""The gentle route (issue 18: fear of compassion): eyes open welcome,
a pause to notice before each warm moment, gentler warmth, shorter
silences; chosen on home with G, kept, and recorded."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine import NARRATION_DIR
from engine.config import load_practice
from engine.config.practice import EYES_OPEN, PAUSE_AND_NOTICE, WARM_CUES
from engine.core.timeline import build_timeline
from engine.records.store import Store
from tests.helpers.pilot import shell

WARM = [f.stem for f in sorted(NARRATION_DIR.glob("*.yaml")) if load_practice(f.stem).warm]


@pytest.mark.parametrize("name", WARM)
def test_the_gentle_route_of_every_warm_practice(name: str) -> None:
    plain, gentle = load_practice(name), load_practice(name).gentle()
    assert gentle.segments[0].text[-1] == EYES_OPEN
    for a, b in zip(plain.segments, gentle.segments):
        warm = [c for c in a.cues if c.do in WARM_CUES]
        if warm and a.duration is not None and a is not plain.segments[0]:
            assert b.text[0] == PAUSE_AND_NOTICE and min(c.at for c in b.cues) >= 8.0   # noticed before warmth
            for x, y in zip(a.cues, b.cues):
                if x.do == "light.warm":
                    assert y.args["amount"] == pytest.approx(x.args.get("amount", 0.5) * 0.5)
        if a.pause is not None and b.pause != a.pause:
            assert b.pause < a.pause
    tl = build_timeline(gentle)
    assert tl.length == pytest.approx(gentle.length)   # every added line fits its segment


def test_not_warm_practices_are_left_as_they_are() -> None:
    assert load_practice("three-circles").gentle() == load_practice("three-circles")


def test_g_on_home_turns_the_gentle_route_on_and_it_is_kept_and_recorded(tmp_path: Path) -> None:
    with shell(tmp_path, welcomed=True) as ui:
        ui.press("down arrow", "down arrow", "g")                 # safe-place-short, gently
        assert "Go gently: on" in ui.shell.home.voice.text
        ui.press("enter", "s")
        c = ui.controller
        assert c.session.practice.segments[0].text[-1] == EYES_OPEN
        ui.seconds(1)
        ui.press("escape", "q", "s")
        ui.seconds(2.5)
        ui.press("enter")
        assert ui.shell.home.choices.gently
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["gently"] is True
    with Store.open(tmp_path / "records.sqlite3") as s:
        (r,) = s.records()
    assert (r.practice, r.option) == ("safe-place-short", "gently")
