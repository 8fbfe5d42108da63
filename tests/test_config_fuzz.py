"""Fuzzing the loader: any input gives a model or a ConfigError, never a crash."""
from __future__ import annotations

import copy
import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.config import ConfigError, Place, Practice
from engine.config.loader import check_one, load_file
from tests.fuzzdocs import paths_in

PROBLEM = re.compile(r"^[^\n]+?(:\d+)?: [^ \n]+: [^\n]+$")

VALID_PLACE = {
    "name": "fuzz", "title": "Fuzz place", "time_of_day": "dusk",
    "palette": {"sky_top": "#5b7fb0", "sky_horizon": "#c9d8e6", "ground": "#6b8f4e",
                "water": "#4a7a9a", "foliage": "#4f7a3a", "accent": "#e8c070", "light": "#fff1d6"},
    "terrain": {"kind": "dunes", "size": 120, "height": 2},
    "water": {"kind": "sea", "level": 0, "position": [0, 40]},
    "flora": [{"kind": "palm", "count": 20, "area": [-40, 10, 40, 60]}, {"kind": "grass", "count": 500}],
    "structures": [{"kind": "bench", "position": [1, 0, 3]}],
    "particles": [{"kind": "petals", "count": 50}],
    "sounds": [{"layer": "surf", "gain": -10, "position": [0, 0, 30]}, {"layer": "wind"}],
    "presence": {"form": "animal", "animal": "dog", "distance": 6},
    "smells": ["salt"], "touch": ["warm sand"],
    "camera": {"mode": "seated", "position": [0, 1.2, 0], "fov": 65},
    "fog": {"start": 40, "end": 200},
}
VALID_PRACTICE = {
    "name": "fuzz-practice", "title": "Fuzz", "duration": 40,
    "segments": [
        {"id": "settle", "text": ["Sit.", "Breathe."], "duration": 20,
         "cues": [{"at": 0, "do": "breath.on"}, {"at": 3, "do": "light.warm", "args": {"amount": 0.5}}]},
        {"id": "rest", "pause": 20},
    ],
}

FUZZ = settings(max_examples=300, deadline=timedelta(seconds=5),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=20), st.sampled_from(["#12345g", "#a1b2c3", "tres", "../x.wav", "/etc/passwd",
                                           "foliage", "", "sea", "room", "surf"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)


@st.composite
def mutated(draw: st.DrawFn, base: dict) -> object:
    """`base` with a few random edits: replace, delete, add or rename keys."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths_in(doc)))
        if not path:
            if draw(st.integers(0, 9)) == 0:
                doc = draw(values)
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        key, action = path[-1], draw(st.sampled_from(["replace", "delete", "add", "rename"]))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(values)
        elif action == "rename" and isinstance(parent, dict):
            parent[str(key)[::-1] + draw(st.text(max_size=2))] = parent.pop(key)
    return doc


def assert_outcome(path: Path, model: type | None) -> None:
    """A model, or ConfigError whose problems are single well-formed lines."""
    try:
        if model is None:
            ok, lines = check_one(path)
            assert lines and (ok or all(PROBLEM.match(x) for x in lines)), lines
            return
        result = load_file(path, model)
        assert isinstance(result, model)
    except ConfigError as e:
        assert e.problems
        for line in e.problems:
            assert PROBLEM.match(line), line


@pytest.fixture
def fuzz_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "fuzz.yaml"


@FUZZ
@given(doc=mutated(VALID_PLACE))
def test_mutated_places(fuzz_file: Path, doc: object) -> None:
    fuzz_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert_outcome(fuzz_file, Place)


@FUZZ
@given(doc=mutated(VALID_PRACTICE))
def test_mutated_practices(fuzz_file: Path, doc: object) -> None:
    fuzz_file.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert_outcome(fuzz_file, Practice)


@FUZZ
@given(raw=st.binary(max_size=600))
def test_random_bytes(fuzz_file: Path, raw: bytes) -> None:
    fuzz_file.write_bytes(raw)
    assert_outcome(fuzz_file, None)


PLACE_TEXT = yaml.safe_dump(VALID_PLACE, sort_keys=False)
NASTY = ["\t", ":", "- ", "&a ", "*a", "!!python/object:os.system ", "[", "{", "'", '"', "\n", "<<: ", "#", "\xff", "%"]


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(PLACE_TEXT)), st.sampled_from(NASTY),
                                st.integers(0, 3)), min_size=1, max_size=5))
def test_mangled_text(fuzz_file: Path, edits: list[tuple[int, str, int]]) -> None:
    text = PLACE_TEXT
    for at, insert, cut in edits:
        text = text[:at] + insert + text[at + cut:]
    fuzz_file.write_text(text, encoding="utf-8")
    assert_outcome(fuzz_file, None)


def test_unmutated_documents_are_valid(fuzz_file: Path) -> None:
    fuzz_file.write_text(yaml.safe_dump(VALID_PLACE), encoding="utf-8")
    assert load_file(fuzz_file, Place).flora_count() == 520
    fuzz_file.write_text(yaml.safe_dump(VALID_PRACTICE), encoding="utf-8")
    assert load_file(fuzz_file, Practice).length == 40
