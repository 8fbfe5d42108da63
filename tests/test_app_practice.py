"""A practice in the running app (offscreen, fixed 60 fps steps, scripted keys)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.helpers.pilot import run as pilot_run
from tests.helpers.process import haven


def run(*args: str, env=None, fps: float = 60.0) -> dict:
    """The window driven in this process (tests/helpers/pilot.py)."""
    return pilot_run(*args, data=Path(env["HAVEN_DATA_DIR"]) if env else None, fps=fps)


def test_g_returns_gently_from_any_moment(tmp_path) -> None:
    state = run("--place", "beach", "--practice", "safe-place", "--frames", "240", "--keys", "120:g",
                env={"HAVEN_DATA_DIR": str(tmp_path)})
    log = state["log"]
    assert log[:2] == ["segment.start settle", "cue breath.on"]
    assert "ground" in log and log.index("segment.start return") == log.index("ground") + 1
    assert not any(line.startswith("segment.start sight") for line in log)


def test_g_on_the_pause_screen_resumes_into_the_return(tmp_path) -> None:
    state = run("--place", "meadow", "--practice", "soothing-breathing", "--frames", "120",
                "--keys", "30:escape,60:g", env={"HAVEN_DATA_DIR": str(tmp_path)})
    assert not state["paused"]
    assert state["log"].index("pause") < state["log"].index("resume") < state["log"].index("ground")
    assert abs(state["t"] - 90 / 60) < 1e-3   # 30 frames before the pause, 60 after it


def test_without_a_practice_g_still_shows_the_return_words(tmp_path) -> None:
    state = run("--place", "meadow", "--frames", "200", "--keys", "10:g", env={"HAVEN_DATA_DIR": str(tmp_path)})
    assert state["log"][0] == "ground"
    assert "caption.show Let the place grow quiet and soft now." in state["log"]


def test_a_bad_breathing_rate_is_one_clear_line() -> None:
    r = haven("run", "--offscreen", "--frames", "5", "--size", "320x180", "--breath-rate", "40")
    assert r.returncode == 2
    assert "--breath-rate 40 is out of range (allowed: 3 to 12 breaths a minute)" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_broken_practice_still_opens_the_place(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: Bad\nsegments:\n  - {id: a, duration: -3}\n")
    r = haven("run", "--offscreen", "--frames", "5", "--size", "320x180", "--practice", str(bad),
              env={"HAVEN_DATA_DIR": str(tmp_path)})
    assert r.returncode == 0
    assert "bad.yaml:4: segments.0.duration" in r.stderr and "without a practice" in r.stderr


@pytest.mark.parametrize("hold", ["space", "left mouse"])
def test_finding_my_natural_pace_keeps_it_and_restarts_the_ramp(tmp_path, hold) -> None:
    # at 15 fps: B opens the panel; four breaths of 5 s (75 frames) each, in-breath 2 s;
    # Space held, or the mouse button
    down, up = ("space", "space up") if hold == "space" else ("left mouse down", "left mouse up")
    keys = ["5:b"] + [f"{10 + 75 * i}:{down},{40 + 75 * i}:{up}" for i in range(4)]
    state = run("--place", "meadow", "--practice", "soothing-breathing", "--frames", "275",
                "--keys", ",".join(keys), env={"HAVEN_DATA_DIR": str(tmp_path)}, fps=15)
    assert "finder open" in state["log"] and "finder done" in state["log"]
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert abs(saved["natural_rate"] - 12.0) < 0.1
    # the session clock waited while the person was breathing with the panel
    assert state["t"] < (275 - 225) / 15 + 0.2


def test_captions_key_hides_captions_and_is_remembered(tmp_path) -> None:
    state = run("--place", "meadow", "--practice", "safe-place", "--frames", "20", "--keys", "5:c",
                env={"HAVEN_DATA_DIR": str(tmp_path)})
    assert "captions off" in state["log"]
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["captions"] is False


def test_the_colour_practice_offers_the_picker_and_keeps_the_choice(tmp_path) -> None:
    """On to the colour segment with ] (as a person may), then the practice
    offers the picker at its cue; 2 and Enter keep the choice. Skipped on
    twice more, past 'surround' before it spreads the colour: the colour
    still comes, as that segment ends."""
    from engine.config import load_practice
    practice = load_practice("compassionate-colour")
    index = next(i for i, seg in enumerate(practice.segments) if any(c.do == "colour.choose" for c in seg.cues))
    at = next(c.at for c in practice.segments[index].cues if c.do == "colour.choose")
    skips = ",".join(f"{10 + 5 * i}:]" for i in range(index))
    frame = 10 + 5 * index + int(at * 60) + 30
    state = run("--place", "meadow", "--practice", "compassionate-colour", "--frames", str(frame + 30),
                "--keys", f"{skips},{frame}:2,{frame + 5}:enter,{frame + 10}:],{frame + 15}:]",
                env={"HAVEN_DATA_DIR": str(tmp_path)})
    log = state["log"]
    assert [line for line in log if line.startswith("segment.skip")] == \
        [f"segment.skip {seg.id}" for seg in practice.segments[:index + 2]]
    assert "colour picker open" in log and "colour #e89aa8" in log
    assert log.index("segment.skip surround") < log.index("cue colour.spread")
    assert yaml.safe_load((tmp_path / "settings.yaml").read_text())["colour"] == "#e89aa8"


def test_the_person_sets_how_near_and_warm_the_presence_is(tmp_path) -> None:
    state = run("--place", "meadow", "--frames", "30", "--keys", "5:.,6:.,7:;,8:f,9:x,10:u,11:v",
                env={"HAVEN_DATA_DIR": str(tmp_path)})
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    from engine.config import load_place
    meadow = load_place("meadow")
    place = meadow.presence
    mine = saved["presence"]["meadow"]          # kept for this place only
    assert set(saved["presence"]) == {"meadow"} and saved["presence_distance"] is None
    assert mine["distance"] == place.distance + 2
    assert mine["warmth"] == pytest.approx(round(place.warmth - 0.1, 2))
    assert mine["away"] is True and "presence away" in state["log"]
    assert mine["size"] == pytest.approx(place.size + 0.1)
    own = meadow.palette.resolve(place.colour).lower()
    offered = list(dict.fromkeys([own, meadow.palette.light.lower(), meadow.palette.accent.lower()]))
    assert mine["colour"] == offered[1]           # U: the next warm colour after the place's own
    assert mine["in_view"] is False and "presence out of view" in state["log"]
    # another place keeps its own presence as it was
    other = run("--place", "beach", "--frames", "12", "--keys", "5:'", env={"HAVEN_DATA_DIR": str(tmp_path)})
    saved = yaml.safe_load((tmp_path / "settings.yaml").read_text())
    assert saved["presence"]["meadow"] == mine
    assert saved["presence"]["beach"]["warmth"] == pytest.approx(load_place("beach").presence.warmth + 0.1)
    assert saved["presence"]["beach"]["distance"] is None and "presence away" not in other["log"]


def test_each_practice_s_events_are_kept_privately_in_the_data_folder(tmp_path) -> None:
    import os
    import stat
    state = run("--place", "beach", "--practice", "safe-place", "--frames", "240", "--keys", "120:g",
                env={"HAVEN_DATA_DIR": str(tmp_path)})
    files = list((tmp_path / "sessions").glob("*-events.jsonl"))
    assert len(files) == 1
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "sessions").st_mode) == 0o700
    events = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert events[0]["kind"] == "session.start" and events[0]["place"] == "beach"
    assert events[0]["practice"] == "safe-place"
    kinds = [e["kind"] for e in events]
    assert "ground" in kinds and kinds.index("ground") < kinds.index("segment.start", kinds.index("ground"))
    # the same events the app itself saw, in the same order
    described = [f"{e['kind']} {e.get('id') or e.get('do') or e.get('stage') or e.get('text') or ''}".strip()
                 for e in events[1:]]
    assert described == [line for line in state["log"] if line in described]
    assert len(files[0].read_bytes()) < 20_000


def test_the_events_file_is_appended_and_flushed_event_by_event(tmp_path, monkeypatch) -> None:
    from datetime import datetime
    from engine.records.session_log import events_path, open_session_log
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path))
    when = datetime(2025, 3, 4, 9, 8, 7)
    assert events_path(when) == tmp_path / "sessions" / "20250304-090807-events.jsonl"
    log = open_session_log("meadow", "soothing-breathing", when)
    log.emit(1.5, "segment.start", id="settle")
    lines = events_path(when).read_text().splitlines()      # read while still open: already on disk
    assert [json.loads(x)["kind"] for x in lines] == ["session.start", "segment.start"]
    again = open_session_log("meadow", None, when)           # the same second: a file of its own
    assert again.path != log.path and again.path.name == "20250304-090807-2-events.jsonl"
    log.close()
    again.close()


def test_a_visit_follows_the_window_made_narrower(tmp_path) -> None:
    """Dragged from 16:9 to 4:3 mid-practice, with the session panel and the
    colour picker open: the panel keeps to the new right edge, the picker sits
    whole beside it, the glow reaches the sides and the caption fits."""
    from ursina import camera
    from tests.helpers.pilot import pilot, window_size
    with pilot("--place", "meadow", "--practice", "compassionate-colour", data=tmp_path) as p:
        c = p.controller
        p.step(90)                        # the first caption shows
        p.press("o", "k")
        p.step(2)
        with window_size(240, 180):
            p.step(2)
            half = (4 / 3) / 2
            lo, hi = c.panel.box.getTightBounds(camera.ui)
            assert hi.x == pytest.approx(half - 0.02) and lo.x > -half      # was past the right edge
            lo, hi = c.picker.getTightBounds(camera.ui)
            assert -half <= lo.x and hi.x <= c.panel.left_edge          # whole, beside the panel
            assert c.view.halo.scale_x == pytest.approx(4 / 3 * 1.02)
            left, _, right, _ = c.view.captions.box
            assert -half < left and right < half
            screen = p.screen()
            assert screen.shape[:2] == (180, 240)
            panel_px = screen[20:60, -30:-8].astype(float).mean()      # the panel's dark box, at the new edge
            view_px = screen[120:150, -30:-8].astype(float).mean()     # the meadow under it
            assert panel_px < 0.7 * view_px
