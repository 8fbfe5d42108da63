"""Config layer: loading places and practices, one-line problems with lines."""
from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import pytest

from engine.config import (
    ConfigError,
    Place,
    Practice,
    check_files,
    load_place,
    load_place_or_default,
    load_practice,
    place_asset_paths,
    place_path,
    places_dir,
    resolve_asset,
    write_private,
)
from engine.config.assets import AssetError
from engine.config.loader import FALLBACK, load_file
from engine.config.userdirs import data_dir

DATA = Path(__file__).parent / "data"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<path>[^ :]+): (?P<msg>.+)$")

# Ten lines; whatever a test appends starts on line 11.
BASE = """\
name: test
title: Test place
palette:
  sky_top: "#5b7fb0"
  sky_horizon: "#c9d8e6"
  ground: "#6b8f4e"
  water: "#4a7a9a"
  foliage: "#4f7a3a"
  accent: "#e8c070"
  light: "#fff1d6"
"""


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "havendata"
    monkeypatch.setenv("HAVEN_DATA_DIR", str(home))
    return home


def write(folder: Path, content: str | bytes, name: str = "p.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def problems(tmp_path: Path, content: str | bytes, model: type = Place) -> list[str]:
    path = write(tmp_path / "place", content)
    with pytest.raises(ConfigError) as caught:
        load_file(path, model)
    for text in caught.value.problems:
        assert "\n" not in text and "Traceback" not in text
        assert text.startswith(str(path))
    return caught.value.problems


def where(lines: list[str]) -> list[tuple[int, str]]:
    """(line, field path) of each problem."""
    out = []
    for text in lines:
        m = LINE.match(text)
        assert m, f"not FILE:LINE: path: message: {text!r}"
        out.append((int(m["line"]), m["path"]))
    return out


def only(lines: list[str]) -> tuple[int, str, str]:
    """(line, path, message) of the single problem."""
    assert len(lines) == 1, lines
    m = LINE.match(lines[0])
    assert m, lines[0]
    return int(m["line"]), m["path"], m["msg"]


# --- valid files ------------------------------------------------------------

def test_minimal_place_loads() -> None:
    place = load_place(str(DATA / "minimal_place.yaml"))
    assert place.name == "minimal"
    assert place.palette.resolve("fog") == "#c9d8e6"
    assert not place.indoor and place.flora_count() == 0


def test_minimal_practice_loads() -> None:
    practice = load_practice(str(DATA / "minimal_practice.yaml"))
    assert isinstance(practice, Practice)
    assert [s.id for s in practice.segments] == ["settle", "rest", "sound"]
    assert practice.segments[2].text == ["Notice the sounds around you.", "Let them come and go."]
    assert practice.segments[1].length == 10
    assert practice.length == 60
    assert practice.segments[0].cues[1].args == {"amount": 0.3}


def test_place_path_for_paths_and_names(data_home: Path) -> None:
    assert place_path("some/where.yaml") == Path("some/where.yaml")
    mine = write(places_dir(create=True), BASE.replace("name: test", "name: zz-personal"), "zz-personal.yaml")
    assert place_path("zz-personal") == mine
    assert load_place("zz-personal").name == "zz-personal"


def test_unknown_name_lists_names(data_home: Path) -> None:
    write(places_dir(create=True), BASE, "zz-my-garden.yaml")
    with pytest.raises(ConfigError) as caught:
        load_place("zz-my-gardn")
    (text,) = caught.value.problems
    assert text.startswith("zz-my-gardn: no place with this name (allowed: ")
    assert "zz-my-garden" in text and "did you mean 'zz-my-garden'?" in text


# --- the fixture with several problems ------------------------------------

def test_broken_fixture_lines_and_paths() -> None:
    with pytest.raises(ConfigError) as caught:
        load_place(str(DATA / "broken_place.yaml"))
    lines = caught.value.problems
    assert where(lines) == [(5, "palette.sky_top"), (14, "water.colur"), (16, "terrain.height"),
                            (20, "flora.2.kind"), (23, "camera.fov")]
    assert lines[0] == ("tests/data/broken_place.yaml:5: palette.sky_top: "
                        "must be a colour like '#a1b2c3' (# and six hex digits)")


# --- one kind of problem each ----------------------------------------------

def test_bad_colour(tmp_path: Path) -> None:
    text = BASE.replace('sky_top: "#5b7fb0"', 'sky_top: "#5b7fbz"')
    assert only(problems(tmp_path, text)) == (
        4, "palette.sky_top", "must be a colour like '#a1b2c3' (# and six hex digits)")


def test_unquoted_colour_is_a_comment_with_a_hint(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE.replace('ground: "#6b8f4e"', "ground: #6b8f4e")))
    assert (line, path) == (6, "palette.ground")
    assert "is empty" in msg and "in quotes" in msg


def test_unknown_key_did_you_mean(tmp_path: Path) -> None:
    text = BASE + "water:\n  kind: lake\n  colur: water\n"
    assert only(problems(tmp_path, text)) == (13, "water.colur", "unknown field 'colur' (did you mean 'colour'?)")


def test_unknown_key_lists_allowed(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE + "terrain:\n  zzz: 1\n"))
    assert (line, path) == (12, "terrain.zzz")
    assert msg == "unknown field 'zzz' (allowed: kind, size, height, roughness, resolution)"


def test_unknown_top_level_key(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE + "titel: x\n"))
    assert (line, path, msg) == (11, "titel", "unknown field 'titel' (did you mean 'title'?)")


def test_wrong_type(tmp_path: Path) -> None:
    text = BASE + "camera:\n  fov: wide\n  drift: maybe\n"
    lines = problems(tmp_path, text)
    assert where(lines) == [(12, "camera.fov"), (13, "camera.drift")]
    assert lines[0].endswith("'wide' is not a number (allowed: a number from 40 to 100)")


def test_number_where_text_is_needed(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE.replace("title: Test place", "title: 1984")))
    assert (line, path) == (2, "title") and "put it in quotes" in msg


def test_mapping_where_list_expected(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE + "flora:\n  kind: grass\n"))
    assert (line, path) == (11, "flora") and "a list" in msg


def test_out_of_range_says_the_range(tmp_path: Path) -> None:
    assert only(problems(tmp_path, BASE + "terrain:\n  height: 200\n")) == (
        12, "terrain.height", "200 is out of range (allowed: 0 to 80)")
    lines = problems(tmp_path, BASE + "flora:\n  - {kind: grass, count: 5, scale: 0}\n")
    assert only(lines) == (12, "flora.0.scale", "0 is out of range (allowed: more than 0 and at most 10)")


def test_wrong_tuple_size(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE + "camera:\n  position: [1, 2]\n"))
    assert (line, path) == (12, "camera.position") and "exactly 3" in msg


def test_missing_field_points_at_parent(tmp_path: Path) -> None:
    text = BASE.replace('  light: "#fff1d6"\n', "")
    assert only(problems(tmp_path, text)) == (3, "palette.light", "is missing (required)")
    text = BASE.replace("title: Test place\n", "")
    assert only(problems(tmp_path, text)) == (1, "title", "is missing (required)")


def test_missing_field_in_list_item(tmp_path: Path) -> None:
    lines = problems(tmp_path, BASE + "flora:\n  - kind: grass\n  - count: 3\n")
    assert where(lines) == [(12, "flora.0.count"), (13, "flora.1.kind")]


def test_bad_kind_in_list(tmp_path: Path) -> None:
    text = BASE + "flora:\n  - {kind: grass, count: 10}\n  - {kind: pine, count: 5}\n  - kind: tres\n    count: 5\n"
    line, path, msg = only(problems(tmp_path, text))
    assert (line, path) == (14, "flora.2.kind")
    assert msg.startswith("'tres' is not allowed (allowed: grass, flower, tree, ")
    assert msg.endswith("; did you mean 'tree'?)")


def test_model_rule_points_at_list_item(tmp_path: Path) -> None:
    text = BASE + "sounds:\n  - layer: surf\n  - {gain: -6}\n"
    assert only(problems(tmp_path, text)) == (13, "sounds.1", "give exactly one of 'layer' or 'file'")


def test_many_problems_are_capped(tmp_path: Path) -> None:
    text = BASE + "".join(f"k{i}: 1\n" for i in range(300))
    lines = problems(tmp_path, text)
    assert len(lines) == 41
    assert lines[-1].endswith(":1: file: 260 more problems not shown (allowed: fix these first, then check again)")


# --- YAML and file-level problems -------------------------------------------

def test_tab_indentation(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, "name: x\ntitle: y\n\tpalette: 3\n"))
    assert (line, path) == (3, "yaml") and "tabs" in msg


def test_syntax_error_line(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE + "flora: [\n  {kind: grass\n"))
    assert path == "yaml" and line in (12, 13) and msg.startswith("invalid YAML:")


def test_empty_and_comment_only(tmp_path: Path) -> None:
    for content in ("", "# nothing yet\n", "\n\n"):
        line, path, msg = only(problems(tmp_path, content))
        assert (line, path) == (1, "file") and msg.startswith("file is empty")


def test_not_utf8(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, b"name: x\ntitle: y\ndescription: caf\xe9\n"))
    assert (line, path) == (3, "file") and "UTF-8" in msg


def test_control_character(tmp_path: Path) -> None:
    line, path, _ = only(problems(tmp_path, "name: x\ntitle: \x07\n"))
    assert (line, path) == (2, "yaml")


def test_top_level_must_be_mapping(tmp_path: Path) -> None:
    for content in ("- a\n- b\n", "just text\n", "42\n"):
        line, path, msg = only(problems(tmp_path, content))
        assert (line, path) == (1, "file") and "mapping" in msg


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "was-run"
    for content in (f"name: !!python/object/apply:os.mkdir ['{marker}']\n",
                    "name: x\ntitle: !!python/object:os.system {}\n",
                    "name: !!python/name:os.system ''\n",
                    "name: x\ntitle: !!binary aGVsbG8=\n"):
        line, path, msg = only(problems(tmp_path, content))
        assert path == "yaml" and "is not allowed" in msg
        assert line == content.count("\n", 0, content.index("!!")) + 1
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.monotonic()
    line, path, msg = only(problems(tmp_path, "\n".join(rows) + "\n"))
    assert path == "yaml" and "expanding aliases" in msg
    assert time.monotonic() - start < 5


def test_too_many_aliases(tmp_path: Path) -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 1001) + "]\n"
    line, path, msg = only(problems(tmp_path, text))
    assert (line, path) == (2, "yaml") and "too many aliases" in msg


def test_recursive_alias(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, "name: x\nb: &b [1, *b]\n"))
    assert (line, path) == (2, "yaml") and "alias" in msg


def test_deep_nesting(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert path == "yaml" and "nested too deeply" in msg


def test_huge_file(tmp_path: Path) -> None:
    text = BASE + "description: |\n" + ("  " + "x" * 98 + "\n") * 11000
    line, path, msg = only(problems(tmp_path, text))
    assert (line, path) == (1, "file") and "too large" in msg


def test_duplicate_key(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, BASE + "name: again\n"))
    assert (line, path) == (11, "name") and "first given on line 1" in msg


def test_merge_keys_work(tmp_path: Path) -> None:
    text = BASE + "flora:\n  - &g {kind: grass, count: 10}\n  - {<<: *g, count: 20}\n"
    path = write(tmp_path / "place", text)
    place = load_file(path, Place)
    assert [f.count for f in place.flora] == [10, 20] and place.flora[1].kind == "grass"


def test_bad_date_stays_text(tmp_path: Path) -> None:
    line, path, _ = only(problems(tmp_path, BASE + "seed: 2024-13-45\n"))
    assert (line, path) == (11, "seed")


# --- file paths inside YAML --------------------------------------------------

def sound_place(sound: str) -> str:
    return BASE + f"sounds:\n  - layer: surf\n  - file: '{sound}'\n    gain: -6\n"


def test_path_traversal(tmp_path: Path) -> None:
    line, path, msg = only(problems(tmp_path, sound_place("../../etc/passwd")))
    assert (line, path) == (13, "sounds.1.file") and "outside the allowed folders" in msg


def test_absolute_path(tmp_path: Path) -> None:
    for bad in ("/etc/passwd", "~/secret.wav", "C:\\Windows\\x.wav"):
        line, path, msg = only(problems(tmp_path, sound_place(bad)))
        assert (line, path) == (13, "sounds.1.file") and "absolute path" in msg


def test_symlink_out_of_folder(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside", b"RIFF", "secret.wav")
    (tmp_path / "place").mkdir()
    os.symlink(outside, tmp_path / "place" / "rain.wav")
    line, path, msg = only(problems(tmp_path, sound_place("rain.wav")))
    assert (line, path) == (13, "sounds.1.file") and "outside" in msg


def test_missing_and_wrong_type_files(tmp_path: Path) -> None:
    assert "does not exist" in only(problems(tmp_path, sound_place("nope.wav")))[2]
    write(tmp_path / "place", "x", "notes.txt")
    assert "wrong file type" in only(problems(tmp_path, sound_place("notes.txt")))[2]


def test_paths_problems_come_with_model_problems(tmp_path: Path) -> None:
    text = sound_place("../../etc/passwd").replace("title: Test place", "title: 5")
    assert where(problems(tmp_path, text)) == [(2, "title"), (13, "sounds.1.file")]


def test_good_sound_files(tmp_path: Path, data_home: Path) -> None:
    wav = write(tmp_path / "place" / "sounds", b"RIFF", "rain.wav")
    shared = write(data_home / "sounds", b"RIFF", "waves.ogg")
    yaml_path = write(tmp_path / "place", sound_place("sounds/rain.wav")
                      + "  - file: ../havendata/sounds/waves.ogg\n")
    place = load_place(str(yaml_path))
    assert place.sounds[1].file == "sounds/rain.wav"
    assert place_asset_paths(place, yaml_path) == [None, wav.resolve(), shared.resolve()]


def test_resolve_asset_directly(tmp_path: Path) -> None:
    wav = write(tmp_path / "a", b"RIFF", "x.wav")
    assert resolve_asset(tmp_path / "a" / "p.yaml", "./x.wav") == wav.resolve()
    for bad in ("", "../x.wav", "/x.wav", "a\0b.wav"):
        with pytest.raises(AssetError):
            resolve_asset(tmp_path / "a" / "p.yaml", bad)


# --- practices ---------------------------------------------------------------

PRACTICE = """\
name: p
title: P
segments:
  - id: settle
    text: Sit comfortably.
    duration: 10
    cues:
      - {at: 1, do: breath.on}
"""


def test_practice_problems(tmp_path: Path) -> None:
    text = PRACTICE.replace("do: breath.on", "do: presence.aproach").replace("at: 1", "at: 12")
    text += "  - id: settle\n    pause: 5\n    duration: 4\n  - id: Bad Id\n    pause: -1\n"
    lines = problems(tmp_path, text, Practice)
    assert where(lines) == [(8, "segments.0.cues.0.do"), (9, "segments.1"),
                            (12, "segments.2.id"), (13, "segments.2.pause")]
    assert "did you mean 'presence.approach'?" in lines[0]


def test_practice_cross_checks(tmp_path: Path) -> None:
    text = PRACTICE.replace("at: 1", "at: 12") + "  - id: settle\n    pause: 5\n"
    lines = problems(tmp_path, text, Practice)
    assert where(lines) == [(8, "segments.0.cues.0.at"), (9, "segments.1.id")]
    assert lines[0].endswith("12 is after the segment ends (allowed: 0 to 10)")


def test_practice_voice_path(tmp_path: Path) -> None:
    text = PRACTICE.replace("    duration: 10\n", "    duration: 10\n    voice: ../../etc/passwd\n")
    line, path, msg = only(problems(tmp_path, text, Practice))
    assert (line, path) == (7, "segments.0.voice") and "outside" in msg


# --- check_files and fallbacks ------------------------------------------------

def test_check_files(tmp_path: Path) -> None:
    good = [str(DATA / "minimal_place.yaml"), str(DATA / "minimal_practice.yaml")]
    code, lines = check_files(good)
    assert code == 0 and len(lines) == 2 and all(": ok (" in x for x in lines)
    bad = write(tmp_path, PRACTICE.replace("duration: 10", "duration: 0"), "bad.yaml")
    code, lines = check_files(good + [str(bad), str(tmp_path / "missing.yaml")])
    assert code == 2
    assert lines[2] == f"{bad}:6: segments.0.duration: 0 is out of range (allowed: more than 0 and at most 3600)"
    assert lines[3].startswith(f"{tmp_path / 'missing.yaml'}: file: cannot read file")


def test_broken_personal_place_falls_back(tmp_path: Path) -> None:
    write(places_dir(create=True), BASE.replace('"#5b7fb0"', '"blue"'), "zz-broken.yaml")
    place, shown = load_place_or_default("zz-broken", default=str(DATA / "minimal_place.yaml"))
    assert place.name == "minimal"
    assert LINE.match(shown[0]) and "palette.sky_top" in shown[0]
    assert "showing" in shown[-1]


def test_fallback_when_default_is_broken_too(tmp_path: Path) -> None:
    place, shown = load_place_or_default("zz-none-such", default=str(tmp_path / "gone.yaml"))
    assert place is FALLBACK and len(shown) == 3


def test_good_place_has_no_problems() -> None:
    place, shown = load_place_or_default(str(DATA / "minimal_place.yaml"))
    assert place.name == "minimal" and shown == []


# --- the user's data folder ----------------------------------------------------

def test_data_dir_from_env(data_home: Path) -> None:
    assert data_dir() == data_home and not data_home.exists()
    folder = places_dir(create=True)
    assert folder == data_home / "places"
    for path in (data_home, folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700


def test_write_private_is_atomic_and_private(data_home: Path) -> None:
    target = data_home / "places" / "mine.yaml"
    write_private(target, "name: one\n")
    assert target.read_text() == "name: one\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    def refuse(text: str) -> None:
        raise ValueError("broken")

    with pytest.raises(ValueError):
        write_private(target, "name: [broken\n", check=refuse)
    assert target.read_text() == "name: one\n"
    write_private(target, "name: two\n")
    assert target.read_text() == "name: two\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["mine.yaml"]


def test_write_private_keeps_old_file_when_write_fails(data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write_private(data_home / "a.yaml", "good\n")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_private(target, "new\n")
    assert target.read_text() == "good\n"
    assert [p.name for p in data_home.iterdir()] == ["a.yaml"]


def test_each_place_is_said_as_one_would_say_being_there() -> None:
    from engine.config.catalog import place_entries
    said = {e.name: e.where for e in place_entries()[0] if not e.personal}
    assert said["meadow"] == "in the flower meadow" and said["cosy-room"] == "in the cosy room"
    assert said["mountain"] == "above the clouds"            # the title says where already
    assert said["beach"] == "on the golden beach" and said["lakeside"] == "by the lake at dawn"   # their own words
    assert all(not w.startswith("in the above") and " the the " not in w for w in said.values())


def test_a_title_of_the_person_s_own_is_said_as_written() -> None:
    from engine.config.place import where_words
    assert where_words("Quiet cove") == "in the quiet cove"
    assert where_words("My nan's kitchen") == "in my nan's kitchen"
    assert where_words("Nan's kitchen") == "in Nan's kitchen"          # a name keeps its capital
    assert where_words("Under the old oak") == "under the old oak"
    assert where_words("The quiet cove") == "in the quiet cove"
    assert where_words("Anything", "beside the stream") == "beside the stream"


def test_a_colour_is_named_as_the_picker_names_it() -> None:
    from engine.core.colours import SUGGESTIONS, colour_words
    assert colour_words("#F0A860") == "warm gold" and colour_words("#b8a4e0") == "lavender"
    assert colour_words("#123456") == "your own dark blue"
    assert len({hx for _, hx in SUGGESTIONS}) == len(SUGGESTIONS) == 6


def test_a_title_in_capitals_is_said_in_small_letters_but_a_name_s_own_keeps_its_capital() -> None:
    from engine.config.place import where_words
    assert where_words("Quiet Cove") == "in the quiet cove" and where_words("Nan's Kitchen") == "in Nan's Kitchen"


def test_any_colour_is_described_in_plain_words() -> None:
    from engine.core.colours import describe
    assert describe("#5f93d1") == "sky blue" and describe("#cfe3ef") == "pale sky blue"
    assert describe("#fff1d6") == "cream" and describe("#4a7a8c") == "soft teal"
    assert describe("#2e5e3a") == "deep green" and describe("#8b5a2b") == "brown"
    assert describe("#FFFFFF") == "white" and describe("#808080") == "grey" and describe("#000000") == "black"
    assert describe("#f7c6d0") == "rose" and describe("#123456") == "dark blue"
    assert describe("#8FC0E8") == "sky blue"            # one of the picker's six, by its name
