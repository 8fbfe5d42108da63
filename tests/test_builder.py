"""The builder's choices, each written into a personal place and read back."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from engine.config.draft import (BuildError, Draft, QUALITIES, clean, save, slug, steps)
from engine.config import load_place
from engine.config.loader import check_one

ROOT = Path(__file__).resolve().parents[1]


def field(draft: Draft, step: int, label: str):
    page = steps(lambda name: None)[step]
    return next(f for f in page.fields(draft) if f.label == label)


def saved(draft: Draft, tmp_path: Path):
    path = save(draft, tmp_path / "places")
    ok, lines = check_one(path)
    assert ok, lines
    return load_place(str(path)), path


def test_a_draft_starts_from_a_built_in_place_under_a_new_name() -> None:
    d = Draft.start("beach")
    assert d.data["name"] == "my-beach" and d.data["title"].startswith("My ")
    assert d.place().palette.sky_top == load_place("beach").palette.sky_top
    with pytest.raises(BuildError, match="allowed: beach"):
        Draft.start("moon")


def test_every_sight_choice_round_trips(tmp_path: Path) -> None:
    d = Draft.start("meadow")
    field(d, 1, "Time of day").change(d, 1)                      # day -> golden hour
    field(d, 1, "Colour of the sky").type_in(d, "#3366AA")
    field(d, 1, "Colour of the flowers, details").type_in(d, "#f0a0c0")
    field(d, 1, "Flowers").change(d, -1)                          # as it is -> fewer
    field(d, 1, "Trees").change(d, -2)                            # as it is -> none
    field(d, 1, "Drifting in the air").change(d, -2)              # pollen -> snow
    place, _ = saved(d, tmp_path)
    base = load_place("meadow")
    assert place.time_of_day == "golden-hour"
    assert (place.palette.sky_top, place.palette.accent) == ("#3366aa", "#f0a0c0")
    flowers = lambda p: sum(f.count for f in p.flora if f.kind == "flower")
    assert flowers(place) == pytest.approx(flowers(base) / 2, abs=2)
    assert not [f for f in place.flora if f.kind == "tree"]
    assert [p.kind for p in place.particles] == ["snow"]
    with pytest.raises(BuildError, match="not a colour"):
        field(d, 1, "Colour of the sky").type_in(d, "blue")


def test_more_plants_stay_within_the_speed_budget() -> None:
    d = Draft.start("meadow")
    for kind in ("Grass", "Flowers", "Trees", "Bushes", "Rocks"):
        field(d, 1, kind).change(d, 1)                            # as it is -> more
    assert d.place().flora_count() <= 9000


def test_water_goes_and_comes_back_as_it_was() -> None:
    d = Draft.start("lakeside")
    water = field(d, 1, "Water")
    before = d.data["water"]
    water.change(d, 1)
    assert d.place().water is None and water.show(d) == "none"
    water.change(d, 1)
    assert d.place().water is not None and d.data["water"] == before
    m = Draft.start("meadow")
    field(m, 1, "Water").change(m, 1)
    assert m.place().water is None and field(m, 1, "Water").show(m) == "none in this place"


def _tone(path: Path, seconds: float = 2.0) -> Path:
    t = np.arange(int(48000 * seconds)) / 48000
    pcm = (0.2 * np.sin(2 * np.pi * 330 * t) * 32767).astype(np.int16)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(48000)
        w.writeframes(pcm.tobytes())
    return path


def test_sounds_and_an_own_recording_round_trip(tmp_path: Path) -> None:
    d = Draft.start("meadow")
    field(d, 2, "Birdsong").change(d, -1)          # -16 dB reads as 'gentle' (-18); one step quieter: 'soft'
    field(d, 2, "Soft wind").change(d, -10)        # five loudness steps: ten back comes round to 'clear' again
    field(d, 2, "Gentle rain").change(d, 1)        # off -> soft
    rec = _tone(tmp_path / "My Garden.wav")
    field(d, 2, "Your own recording").type_in(d, str(rec))
    place, path = saved(d, tmp_path)
    gains = {s.layer: s.gain for s in place.sounds if s.layer}
    assert gains == {"rain": -24.0, "birds": -24.0, "wind": -13.0, "leaves": -18.0}
    own = [s for s in place.sounds if s.file]
    assert [s.file for s in own] == ["sounds/my-garden.wav"]
    copied = path.parent / "sounds" / "my-garden.wav"
    assert copied.read_bytes() == rec.read_bytes()
    with pytest.raises(BuildError, match="allowed: .wav"):
        field(d, 2, "Your own recording").type_in(d, str(tmp_path / "notes.txt"))
    with pytest.raises(BuildError, match="no such file"):
        field(d, 2, "Your own recording").type_in(d, str(tmp_path / "gone.wav"))


def test_layers_turn_off_and_on() -> None:
    d = Draft.start("meadow")
    birds = field(d, 2, "Birdsong")
    while birds.show(d) != "off":
        birds.change(d, 1)
    assert "birds" not in [s.get("layer") for s in d.data["sounds"]]
    birds.change(d, 1)
    assert birds.show(d) == "soft"


def test_smell_touch_and_company_round_trip(tmp_path: Path) -> None:
    d = Draft.start("beach")
    field(d, 3, "What you smell").type_in(d, "salt, warm sand ,  sun cream")
    field(d, 3, "What you feel").type_in(d, "sand under my feet")
    company = field(d, 4, "Who is with you")
    while company.show(d) != "a dog":
        company.change(d, 1)
    near = field(d, 4, "How near it comes")
    for _ in range(3):
        near.change(d, 1)
    field(d, 4, "Where it stays").change(d, 1)
    size = field(d, 4, "Its size")
    assert size.show(d) == "100 %"
    size.change(d, -2)
    assert size.show(d) == "80 %"
    field(d, 4, "What you call it").type_in(d, "  Biscuit ")
    gaze = field(d, 4, "How it looks at you")
    while gaze.show(d) != "beside me, looking out with me":
        gaze.change(d, 1)
    field(d, 4, "Strong").change(d, 1)
    field(d, 4, "Warm").change(d, 1)
    field(d, 4, "Its colour").type_in(d, "#E0A0FF")
    field(d, 4, "It might say (1)").type_in(d, "I'm glad you came.")
    field(d, 4, "It might say (2)").type_in(d, "You can rest here.")
    field(d, 5, "The place welcomes you").change(d, 1)
    place, _ = saved(d, tmp_path)
    p = place.presence
    assert place.smells == ["salt", "warm sand", "sun cream"] and place.touch == ["sand under my feet"]
    assert (p.form, p.animal, p.in_view, p.called, p.gaze) == ("animal", "dog", False, "Biscuit", "beside")
    assert p.distance == load_place("beach").presence.distance + 3
    assert p.size == pytest.approx(0.8)
    assert p.qualities == ["strength", "warmth"]   # in the builder's order, each once
    assert p.colour == "#e0a0ff"
    assert p.words == ["I'm glad you came.", "You can rest here."]
    assert p.warmth > load_place("beach").presence.warmth


def test_alone_hides_the_companion_questions() -> None:
    d = Draft.start("meadow")
    company = field(d, 4, "Who is with you")
    while company.show(d) != "nobody: just me":
        company.change(d, 1)
    labels = [f.label for f in steps(lambda n: None)[4].fields(d)]
    assert labels == ["Who is with you", "How near it comes", "Where it stays"]
    assert d.place().presence.form == "none"


def test_a_name_makes_the_file_name_and_never_takes_a_built_in(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path))
    d = Draft.start("meadow")
    field(d, 6, "Name of your place").type_in(d, "Grandma's Garden!")
    assert d.data["name"] == "grandmas-garden"
    field(d, 6, "Name of your place").type_in(d, "Beach")
    assert d.data["name"] == "beach-2"
    assert slug("   ") == "my-place"
    with pytest.raises(BuildError, match="1 to 80"):
        field(d, 6, "Name of your place").type_in(d, " ")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_saved_places_are_private_and_listed(tmp_path: Path) -> None:
    env = {**os.environ, "HAVEN_DATA_DIR": str(tmp_path / "data")}
    code = ("from engine.config.draft import Draft, save; d = Draft.start('walled-garden'); print(save(d))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    path = Path(out)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    listed = subprocess.run([sys.executable, "main.py", "list"], cwd=ROOT, env=env, capture_output=True,
                            text=True).stdout
    assert "my-walled-garden" in listed


def test_clean_drops_the_builder_s_notes() -> None:
    d = Draft.start("lakeside")
    field(d, 1, "Water").change(d, 1)
    field(d, 1, "Reeds").change(d, 1)
    assert "_water" in d.data and "_amounts" in d.data
    assert not [k for k in clean(d.data) if k.startswith("_")]
    assert "_" not in "".join(k[0] for k in __import__("yaml").safe_load(d.yaml_text()))


def test_the_figure_can_be_given_all_eight_sayings_the_format_allows(tmp_path: Path) -> None:
    d = Draft.start("meadow")
    lines = [f"Saying number {k + 1}, in my own words." for k in range(8)]
    for k, line in enumerate(lines):
        field(d, 4, f"It might say ({k + 1})").type_in(d, line)
    assert not any(f.label == "It might say (9)" for step in steps(lambda _: None) for f in step.fields(d))
    place, _ = saved(d, tmp_path)
    assert place.presence.words == lines


def test_a_made_place_s_first_title_and_words_read_well() -> None:
    from engine.config.draft import own_title
    assert own_title("Flower meadow") == "My flower meadow"
    assert own_title("Above the clouds") == "My place above the clouds"
    d = Draft.start("beach")          # its own 'on the golden beach' would not fit 'My golden beach'
    assert "where" not in d.data and d.place().where_said == "in my golden beach"
    d = Draft.start("mountain")
    assert d.place().where_said == "in my place above the clouds"


def test_the_place_to_start_from_is_named_as_home_names_it() -> None:
    d = Draft.start("mountain")
    start = next(f for f in steps(lambda _: None)[0].fields(d) if f.label == "Start from")
    assert start.show(d) == "Above the clouds"
