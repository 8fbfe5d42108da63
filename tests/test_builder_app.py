"""The builder window driven by keys, as a person would: the place it keeps
validates, is listed, and renders with a practice that uses its words."""
from __future__ import annotations

import json
from pathlib import Path

from engine.config import load_place
from engine.core.events import read_events
from tests.helpers.process import haven

# beach (one step back from meadow: ... lakeside, meadow), smells typed, a dog that
# stays 12 m away and says two things, a name, then keep.
KEYS = ",".join([
    "5:left arrow", "6:left arrow", "7:left arrow", "8:left arrow",          # meadow -> beach
    "30:page down", "31:right arrow",                                        # time of day: golden hour -> dusk
    "40:page down", "41:down arrow", "42:down arrow", "43:right arrow",     # hear: a stream over stones, off -> soft
    "60:page down", "61:enter", "62:type=salt| sun-warm stones| seaweed", "63:enter",
    "64:down arrow", "65:enter", "66:type=sand between my toes", "67:enter",
    "80:page down", "81:right arrow",                                       # a soft light -> a dog
    "83:down arrow", "84:right arrow", "85:right arrow",                   # how near: +2 m
    "86:down arrow", "87:down arrow", "88:down arrow", "89:down arrow", "90:enter", "90:type=Biscuit", "91:enter",
    "100:down arrow", "101:down arrow", "102:down arrow", "103:down arrow", "104:down arrow", "105:down arrow",
    "106:enter", "107:type=I'm so glad you're here.", "108:enter",
    "120:page down", "121:right arrow",                                      # welcome: one step warmer
    "130:page down", "131:enter", "132:type=Quiet cove", "133:enter", "134:down arrow", "135:enter",
])


def test_a_builder_run_keeps_a_place_that_validates_and_renders(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shot = tmp_path / "builder.png"
    r = haven("build", "--offscreen", "--size", "640x360", "--frames", "150", "--keys", KEYS,
              "--screenshot", str(shot), env={"HAVEN_DATA_DIR": str(data)}, timeout=300)
    assert r.returncode == 0, r.stderr
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["saved"] == str(data / "places" / "quiet-cove.yaml"), state
    assert "refused" not in " ".join(state["log"])
    env = {"HAVEN_DATA_DIR": str(data)}
    check = haven("check", state["saved"], env=env)
    assert check.returncode == 0, check.stderr
    assert "quiet-cove" in haven("list", env=env).stdout
    place = load_place(state["saved"])
    base = load_place("beach")
    assert place.smells == ["salt", "sun-warm stones", "seaweed"] and place.touch == ["sand between my toes"]
    assert (place.presence.form, place.presence.animal, place.presence.called) == ("animal", "dog", "Biscuit")
    assert place.presence.distance == base.presence.distance + 2
    assert place.presence.words == ["I'm so glad you're here."]
    assert place.presence.warmth > base.presence.warmth
    assert "stream" in [s.layer for s in place.sounds] and place.time_of_day == "dusk"
    out = tmp_path / "render"   # the stretch of the practice that names the smells and the touch
    seg = haven("render", "--silent", "--place", "quiet-cove", "--practice", "safe-place-short", "--seconds", "56",
                "--fps", "0.25", "--size", "320x180", "--start", "100", "--out", str(out), env=env, timeout=300)
    assert seg.returncode == 0, seg.stderr
    assert len(list((out / "frames").glob("*.png"))) == 14
    shown = [e["text"] for e in read_events(out / "events.jsonl") if e["kind"] == "caption.show"]
    assert "salt, sun-warm stones, seaweed." in shown and "sand between my toes." in shown


def test_compassionate_other_runs_end_to_end_with_a_built_figure(tmp_path: Path, monkeypatch) -> None:
    """A figure described in the builder (a kind figure, its words) appears,
    draws near only as far as set, and its words become the practice's captions."""
    from engine.config.draft import Draft, save, steps
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path / "data"))
    d = Draft.start("walled-garden")
    page = {f.label: f for f in steps(lambda n: None)[4].fields(d)}
    while page["Who is with you"].show(d) != "a kind figure":
        page["Who is with you"].change(d, 1)
    page = {f.label: f for f in steps(lambda n: None)[4].fields(d)}
    page["What you call it"].type_in(d, "my guide")
    page["It might say (1)"].type_in(d, "You are doing the best you can.")
    page["It might say (2)"].type_in(d, "I am here, and I am not going anywhere.")
    page["How near it comes"].change(d, 2)
    saved = save(d)
    env = {"HAVEN_DATA_DIR": str(tmp_path / "data")}
    from engine.config import load_practice
    from engine.core.timeline import build_timeline
    length = build_timeline(load_practice("compassionate-other"), load_place(str(saved))).length
    out = tmp_path / "r"
    r = haven("render", "--silent", "--place", str(saved), "--practice", "compassionate-other", "--seconds", f"{length + 2:.0f}",
              "--fps", "0.5", "--size", "160x90", "--out", str(out), env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    events = read_events(out / "events.jsonl")
    shown = [e["text"] for e in events if e["kind"] == "caption.show"]
    assert "You are doing the best you can." in shown and "I am here, and I am not going anywhere." in shown
    kinds = [e["kind"] for e in events]
    assert {"presence.appear", "presence.approach", "presence.arrive", "presence.welcome"} <= set(kinds)
    assert "practice.end" in kinds
    set_distance = load_place(str(saved)).presence.distance
    rows = [line.split(",") for line in (out / "presence.csv").read_text().splitlines()[1:]]
    assert rows and min(float(r[4]) for r in rows) >= set_distance - 0.05
