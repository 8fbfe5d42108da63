"""Hostile place and practice files: every input ends in a model or the
loader's own one-line error, quickly, in little memory, and without reading
any file outside the allowed folders.

Complements test_config_fuzz.py (random edits, random bytes, mangled text)
and test_config.py (single hand-written cases). Here hypothesis generates,
for places and practices alike: wrong types and huge values in every field,
deep nesting, YAML tags, alias and merge-key bombs, file paths that try to
leave the allowed folders (symlinks made in a tmp folder), and odd encodings.

Each case is checked for:
- outcome: a valid model, or ConfigError whose lines are each
  `FILE[:LINE]: field.path: message` and name the file - nothing else;
- time: hypothesis' deadline, plus a SIGALRM guard that turns a hang into
  a failure;
- memory: tracemalloc's peak for the nesting and bomb cases (< 200 MB), and
  the process' peak RSS during each case (VmHWM, reset before it) for all;
- files: an audit hook (`sys.addaudithook`) sees every `open` while loading;
  each opened path must resolve inside the YAML's folder, the Haven data
  folder or the app folder (Python's own module files excepted), and every
  file a valid model names must resolve inside those folders too
  (engine/config/assets.py; the loader itself only stats them).

Examples per property: HAVEN_FUZZ_EXAMPLES (default 25, so the file runs in
well under a minute; 2000 for a long run). The number of cases each property
ran is printed at the end and, with HAVEN_FUZZ_REPORT set, written as JSON to
that path ('1': bench/fuzz.json).
"""
from __future__ import annotations

import copy
import json
import os
import re
import resource
import signal
import sys
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import APP_DIR
from engine.config import ConfigError, Place, Practice
from engine.config.assets import place_asset_paths, practice_voice_paths
from engine.config.loader import load_file
from engine.config.refs import display_name
from engine.config.userdirs import data_dir
from tests.fuzzdocs import paths_in

EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=10), print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example, HealthCheck.filter_too_much])
BOMBS = settings(FUZZ, max_examples=EXAMPLES if EXAMPLES > 25 else 6)
"""Alias bombs cost about a second each: 6 a kind in make test, the full count in make check-all."""
ALARM_S = 30
"""A single load that takes this long is a hang (the deadline is 10 s)."""
MEMORY_MB = 200
PROBLEM = re.compile(r"^[^\n]+?(:\d+)?: [^ \n]+: [^\n]+$")
MODELS = {"place": Place, "practice": Practice}

COUNTS: Counter = Counter()
"""Cases run, by property (hypothesis' own replays and shrinks included)."""
SECONDS: Counter = Counter()
OUTCOMES: dict[str, Counter] = {}
OPENED: set[str] = set()
"""Every non-module file the loader opened (there should be only the YAML files)."""


# --- the arena: a place folder, a data folder and an outside folder ------------

class Arena:
    def __init__(self, root: Path):
        self.root = root
        self.place = root / "place"           # the YAML files live here
        self.data = root / "data"             # HAVEN_DATA_DIR
        self.outside = root / "outside"       # never to be read
        for d in (self.place / "sounds", self.data / "sounds", self.outside / "sub"):
            d.mkdir(parents=True, exist_ok=True)
        self.marker = self.outside / "tag-ran"
        for f in (self.place / "good.wav", self.place / "sounds" / "rain.ogg", self.data / "sounds" / "d.wav",
                  self.outside / "secret.wav", self.outside / "sub" / "deep.ogg", self.place / "notes.txt"):
            f.write_bytes(b"RIFF\0\0\0\0WAVE")
        links = {
            "out.wav": self.outside / "secret.wav",        # straight out
            "etc.wav": Path("/etc/passwd"),                 # to a system file
            "outdir": self.outside,                         # a folder out: outdir/secret.wav
            "chain.wav": self.place / "chain2.wav",         # in -> in -> out
            "chain2.wav": self.outside / "secret.wav",
            "loop.wav": self.place / "loop.wav",            # a loop
            "ping.wav": self.place / "pong.wav",
            "pong.wav": self.place / "ping.wav",
            "dangling.wav": self.outside / "gone.wav",
            "inlink.wav": self.place / "good.wav",          # in -> in: allowed
            "todata.wav": self.data / "sounds" / "d.wav",   # in -> the data folder: allowed
            "sounds/up.wav": Path("../../outside/secret.wav"),  # relative link out
        }
        for name, target in links.items():
            link = self.place / name
            if not link.is_symlink():
                os.symlink(target, link)

    def roots(self) -> list[Path]:
        return [self.place.resolve(), data_dir().resolve(), APP_DIR.resolve()]


@pytest.fixture(scope="module")
def arena(tmp_path_factory) -> Arena:
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("fuzz-inputs")
    mp.setenv("HAVEN_DATA_DIR", str(root / "data"))
    yield Arena(root)
    mp.undo()


@pytest.fixture(scope="module", autouse=True)
def _summary(request):
    start = time.monotonic()
    yield
    lines = [f"fuzz inputs: {EXAMPLES} examples a property, {sum(COUNTS.values())} cases "
             f"in {time.monotonic() - start:.1f} s"]
    lines += [f"  {name}: {COUNTS[name]} cases, {SECONDS[name]:.1f} s, "
              + ", ".join(f"{k} {v}" for k, v in sorted(OUTCOMES.get(name, {}).items()))
              for name in sorted(COUNTS)]
    lines.append("  files the loader opened (besides Python's modules): "
                 + (", ".join(sorted(OPENED)) or "none"))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else nullcontext():
        for line in lines:
            if reporter is not None:
                reporter.write_line(line)
            else:  # pragma: no cover
                print(line)
    target = os.environ.get("HAVEN_FUZZ_REPORT")
    if target:
        out = APP_DIR / "bench" / "fuzz.json" if target == "1" else Path(target)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"examples": EXAMPLES, "seconds": round(time.monotonic() - start, 1),
                                   "cases": dict(sorted(COUNTS.items())),
                                   "seconds_by_property": {k: round(v, 2) for k, v in sorted(SECONDS.items())},
                                   "outcomes": {k: dict(v) for k, v in sorted(OUTCOMES.items())},
                                   "opened": sorted(OPENED)}, indent=2) + "\n", encoding="utf-8")


# --- watching what is opened ----------------------------------------------------

_WATCH: dict = {"on": False, "opened": []}


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _WATCH["on"]:
        _WATCH["opened"].append(args[0])


sys.addaudithook(_audit)   # hooks stay for the process; this one is idle unless _WATCH["on"]
_MODULE_SUFFIXES = (".py", ".pyc", ".so", ".pth")
_PYTHON_ROOTS = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}


class Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise Hang(f"a single load took over {ALARM_S} s")


@contextmanager
def watched():
    """Record the files opened, and turn a hang into a failure."""
    _WATCH["opened"] = []
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(ALARM_S)
    _WATCH["on"] = True
    try:
        yield _WATCH["opened"]
    finally:
        _WATCH["on"] = False
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == r or path.is_relative_to(r) for r in roots)


def check_opened(opened: list, roots: list[Path]) -> None:
    for item in opened:
        if isinstance(item, int):
            continue   # an fd already open (os.fdopen)
        raw = os.fsdecode(item)
        real = Path(os.path.realpath(raw))
        if raw.endswith(_MODULE_SUFFIXES) and _inside(real, list(_PYTHON_ROOTS) + [APP_DIR.resolve()]):
            continue   # a lazy import
        assert _inside(real, roots), f"the loader opened {raw} ({real}), outside {roots}"
        OPENED.add(os.path.relpath(real, roots[0]) if _inside(real, roots[:1]) else str(real))


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))


def _start_peak() -> int:
    """The process' resident memory now (KiB), with its high-water mark reset
    to it (Linux clear_refs '5'), so a case's peak is its own and not an
    earlier test's in the same process; where that cannot be reset, the
    high-water mark so far (the check then only sees new peaks)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return _status_kib("VmRSS")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # KiB on Linux


def outcome(arena: Arena, name: str, path: Path, kind: str, memory: bool = False) -> str:
    """Load `path` as `kind`, check everything this file promises; 'valid' or 'error'."""
    model = MODELS[kind]
    COUNTS[name] += 1
    if memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
    rss0 = _start_peak()
    t0 = time.monotonic()
    try:
        with watched() as opened:
            try:
                result = load_file(path, model)
            except ConfigError as e:
                result = e
    finally:
        SECONDS[name] += time.monotonic() - t0
        if memory:
            peak = tracemalloc.get_traced_memory()[1] - base
            tracemalloc.stop()
    if memory:
        assert peak < MEMORY_MB * 2**20, f"{peak / 2**20:.0f} MB traced while loading"
    try:
        rss_growth = _status_kib("VmHWM") - rss0
    except (OSError, StopIteration):
        rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0
    assert rss_growth < 2 * MEMORY_MB * 1024, f"peak RSS grew {rss_growth / 1024:.0f} MB"
    check_opened(opened, arena.roots())
    if isinstance(result, ConfigError):
        assert result.problems, "ConfigError without problems"
        named = display_name(path)
        for line in result.problems:
            assert PROBLEM.match(line), repr(line[:300])
            assert line.startswith(named + ":"), f"does not name {named}: {line[:200]!r}"
            assert len(line) < 2000, f"a {len(line)}-character problem line"
        verdict = "error"
    else:
        assert isinstance(result, model)
        named = place_asset_paths(result, path) if kind == "place" else practice_voice_paths(result, path)
        for p in filter(None, named):
            assert _inside(p, arena.roots()), f"a valid {kind} names {p}, outside the allowed folders"
            assert p.is_file()
        verdict = "valid"
    OUTCOMES.setdefault(name, Counter())[verdict] += 1
    return verdict


def write(arena: Arena, text: str | bytes, name: str = "case.yaml") -> Path:
    path = arena.place / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# --- valid documents: every kind of field, a sound file and a voice file --------

PLACE = {
    "name": "fuzz", "title": "Fuzz place", "where": "by the fuzz", "description": "A place for fuzzing.",
    "time_of_day": "dusk",
    "palette": {"sky_top": "#5b7fb0", "sky_horizon": "#c9d8e6", "ground": "#6b8f4e", "water": "#4a7a9a",
                "foliage": "#4f7a3a", "accent": "#e8c070", "light": "#fff1d6", "fog": "#aabbcc"},
    "terrain": {"kind": "dunes", "size": 120, "height": 2, "roughness": 0.3, "resolution": 64},
    "water": {"kind": "sea", "level": 0, "wave_height": 0.2, "position": [0, 40], "size": [200, 100],
              "colour": "water"},
    "flora": [{"kind": "palm", "count": 20, "area": [-40, 10, 40, 60], "scale": 1.2, "clear_radius": 4}],
    "structures": [{"kind": "bench", "position": [1, 0, 3], "rotation": 30, "size": [2, 1, 1]}],
    "particles": [{"kind": "petals", "count": 50, "height": [0.5, 3]}],
    "sounds": [{"layer": "surf", "gain": -10, "position": [0, 0, 30]}, {"file": "good.wav", "gain": -6}],
    "presence": {"form": "animal", "animal": "dog", "distance": 6, "warmth": 0.6, "in_view": True,
                 "called": "my dog", "qualities": ["warmth"], "words": ["You are welcome here."]},
    "smells": ["salt"], "touch": ["warm sand"],
    "camera": {"mode": "seated", "position": [0, 1.2, 0], "yaw": 10, "pitch": -3, "drift": True, "fov": 65},
    "fog": {"start": 40, "end": 200}, "light_strength": 1.1, "breath_sea": True, "seed": 7,
}
PRACTICE = {
    "name": "fuzz-practice", "title": "Fuzz", "description": "Fuzzing.", "duration": 40,
    "breath": {"rate": 6, "ratio": "4:1:5", "start_rate": 9, "ramp": 60, "on": False},
    "segments": [
        {"id": "settle", "text": ["Sit.", "Breathe."], "duration": 20, "voice": "good.wav",
         "cues": [{"at": 0, "do": "breath.on"}, {"at": 3, "do": "light.warm", "args": {"amount": 0.5}}]},
        {"id": "touch", "words": "touch", "text": "Feel the ground.", "duration": 10,
         "cues": [{"at": 1, "do": "sounds.focus", "args": {"layers": ["surf"], "seconds": 4}}]},
        {"id": "rest", "pause": 10},
    ],
}
BASES = {"place": PLACE, "practice": PRACTICE}


PATHS = {kind: paths_in(base) for kind, base in BASES.items()}


def put(doc: object, path: tuple, value: object) -> object:
    """`doc` with the value at `path` replaced (the root too)."""
    if not path:
        return value
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return doc


def dump(doc: object) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def test_the_valid_documents_load(arena: Arena) -> None:
    for kind, base in BASES.items():
        assert outcome(arena, f"valid:{kind}", write(arena, dump(base)), kind) == "valid"


# --- 1. wrong types and huge values in every field ---------------------------------

HUGE_NUMBERS = [1e308, -1e308, 10**400, -10**400, float("nan"), float("inf"), float("-inf"), 2**63,
                -2**63 - 1, 2**31, 5e-324, -0.0, 0, -1]
ODD_TEXT = ["", " ", "1e308", "nan", ".inf", "-.inf", "0x10", "1_000", "yes", "~", "null", "#a1b2c3",
            "\u202e", "\U0001F600" * 50, "a\nb", "\t", "'", "\x85", "sea\u200b"]
huge_strings = st.integers(0, 1_100_000).map(lambda n: "x" * n) | st.integers(0, 50_000).map(
    lambda n: "é☀" * n)
wrong_scalars = (st.sampled_from(HUGE_NUMBERS) | st.integers() | st.floats() | st.booleans() | st.none()
                 | st.sampled_from(ODD_TEXT) | st.text(max_size=30) | huge_strings)
wrong_values = st.recursive(wrong_scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
    st.text(max_size=10) | st.integers() | st.booleans() | st.none(), inner, max_size=5), max_leaves=8)


@st.composite
def wrongly_typed(draw: st.DrawFn, kind: str) -> object:
    doc = copy.deepcopy(BASES[kind])
    for _ in range(draw(st.integers(1, 3))):
        here = [p for p in paths_in(doc)]
        path = draw(st.sampled_from(here))
        doc = put(doc, path, draw(wrong_values))
    return doc


@pytest.mark.parametrize("kind", ["place", "practice"])
@FUZZ
@given(data=st.data())
def test_wrong_types_and_huge_values_anywhere(arena: Arena, kind: str, data) -> None:
    doc = data.draw(wrongly_typed(kind))
    outcome(arena, f"wrong-types:{kind}", write(arena, dump(doc)), kind)


SWEEP = [1e308, -1e308, 10**400, float("nan"), float("inf"), -1, "x" * 5000, True, None, [], {"a": {"b": 1}},
         "#12345g"]


@pytest.mark.parametrize("kind", ["place", "practice"])
def test_every_field_with_every_wrong_value(arena: Arena, kind: str) -> None:
    """Not sampled: each location of the valid document, each value."""
    verdicts = Counter()
    for path in PATHS[kind]:
        for value in SWEEP:
            doc = put(copy.deepcopy(BASES[kind]), path, copy.deepcopy(value))
            verdicts[outcome(arena, f"sweep:{kind}", write(arena, dump(doc)), kind)] += 1
    assert verdicts["error"] > 0.8 * sum(verdicts.values())


# --- 2. deep nesting --------------------------------------------------------------

def nest(style: str, depth: int) -> str:
    if style == "flow-list":
        return "[" * depth + "1" + "]" * depth
    if style == "flow-map":
        return "{a: " * depth + "1" + "}" * depth
    if style == "flow-mixed":
        return "[{a: " * (depth // 2) + "1" + "}]" * (depth // 2)
    if style == "block-list":      # '- - - 1' on one line: block nesting without indentation cost
        return "\n" + "".join("  " * 0 + "- " for _ in range(depth)) + "1"
    # block-map: each level one line deeper (bounded: the file size limit stops big ones)
    return "".join("\n" + "  " * (i + 1) + "a:" for i in range(depth)) + " 1"


@pytest.mark.parametrize("kind", ["place", "practice"])
@FUZZ
@given(data=st.data())
def test_deep_nesting(arena: Arena, kind: str, data) -> None:
    style = data.draw(st.sampled_from(["flow-list", "flow-map", "flow-mixed", "block-list", "block-map"]))
    cap = 1500 if style == "block-map" else 10_000
    depth = data.draw(st.sampled_from([39, 40, 41, 100, 1000, cap]) | st.integers(1, cap))
    where = data.draw(st.sampled_from(["top"] + [p for p in PATHS[kind] if p]))
    if where == "top":
        text = nest(style, depth).lstrip("\n") + "\n"
    else:
        doc = put(copy.deepcopy(BASES[kind]), where, "NESTHERE")
        text = dump(doc).replace("NESTHERE", nest(style, depth).replace("\n", "\n" + "  " * len(where)))
    outcome(arena, f"nesting:{kind}", write(arena, text), kind, memory=True)


# --- 3. YAML tags -------------------------------------------------------------------

def tag_snippets(marker: Path) -> list[str]:
    m = str(marker)
    return [
        f"!!python/object/apply:os.system ['touch {m}']",
        f"!!python/object/apply:os.mkdir ['{m}']",
        f"!!python/object/new:subprocess.Popen [['touch', '{m}']]",
        "!!python/object:os.system {}",
        "!!python/name:os.system ''",
        "!!python/module:os ''",
        "!!python/tuple [1, 2]",
        "!!python/bytes aGVsbG8=",
        "!!python/complex 1+2j",
        "!!binary aGVsbG8gd29ybGQ=",
        "!!binary '!!!not base64'",
        "!!set {a, b}",
        "!!omap [{a: 1}, {b: 2}]",
        "!!pairs [{a: 1}]",
        "!!timestamp 2001-12-14t21:59:43.10-05:00",
        "!!timestamp not-a-date",
        "!!float 1e400",
        "!!float nope",
        "!!int 99999999999999999999999999999999999999",
        "!!int nope",
        "!!bool maybe",
        "!!null x",
        "!!str 5",
        "!!map {a: 1}",
        "!!seq [1]",
        "!!merge x",
        "!unknown x",
        "!unknown {a: 1}",
        "!<tag:example.com,2000:app/foo> x",
        "!<!> x",
        "!e!foo x",
        "! x",
    ]


@pytest.mark.parametrize("kind", ["place", "practice"])
@FUZZ
@given(data=st.data())
def test_tags(arena: Arena, kind: str, data) -> None:
    snippets = tag_snippets(arena.marker)
    doc = copy.deepcopy(BASES[kind])
    chosen = data.draw(st.lists(st.tuples(st.sampled_from(PATHS[kind]), st.sampled_from(snippets)),
                                min_size=1, max_size=3))
    fills = {}
    for i, (where, snippet) in enumerate(chosen):
        if not where:
            continue
        try:
            doc = put(doc, where, f"TAGHERE{i}")
        except (KeyError, IndexError, TypeError):
            continue   # an earlier replacement removed this spot
        fills[f"TAGHERE{i}"] = snippet
    text = dump(doc)
    for key, snippet in fills.items():
        text = text.replace(key, snippet)
    if data.draw(st.booleans()):   # a tag on a key, a directive, or the whole document
        extra = data.draw(st.sampled_from([
            "!!python/name:os.system : x\n", "? !!python/object/apply:os.getcwd []\n: x\n",
            "%TAG !e! tag:example.com,2000:\n---\n", f"--- {data.draw(st.sampled_from(snippets))}\n",
            "%YAML 1.1\n---\n", "%YAML 9.9\n---\n"]))
        text = extra + text if extra.startswith(("%", "---")) else text + extra
    outcome(arena, f"tags:{kind}", write(arena, text), kind)
    assert not arena.marker.exists(), "a YAML tag ran code"


# --- 4. anchors, aliases and merge-key bombs -------------------------------------------

def bomb(style: str, width: int, depth: int) -> tuple[str, str]:
    """(definitions as top-level fields, the value that expands them)."""
    lines = []
    if style == "list":
        lines.append("b0: &b0 [" + ", ".join(["lol"] * width) + "]")
        for i in range(1, depth + 1):
            lines.append(f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * width) + "]")
    elif style == "map":
        lines.append("b0: &b0 {" + ", ".join(f"k{j}: lol" for j in range(width)) + "}")
        for i in range(1, depth + 1):
            lines.append(f"b{i}: &b{i} {{" + ", ".join(f"k{j}: *b{i - 1}" for j in range(width)) + "}")
    elif style == "merge":          # each level merges the last and adds it again under new keys
        lines.append("b0: &b0 {" + ", ".join(f"k{j}: lol" for j in range(width)) + "}")
        for i in range(1, depth + 1):
            lines.append(f"b{i}: &b{i} {{<<: *b{i - 1}, " + ", ".join(f"m{i}_{j}: *b{i - 1}"
                                                                     for j in range(width)) + "}")
    elif style == "merge-list":     # '<<: [*a, *a, ...]', a merge of many aliases
        lines.append("b0: &b0 {" + ", ".join(f"k{j}: [lol, lol]" for j in range(width)) + "}")
        for i in range(1, depth + 1):
            lines.append(f"b{i}: &b{i} {{<<: [" + ", ".join([f"*b{i - 1}"] * width) + "], "
                         + ", ".join(f"n{i}_{j}: *b{i - 1}" for j in range(width)) + "}")
    elif style == "recursive":      # an alias inside what it names, plain and through a merge
        lines.append("b0: &b0 [lol, *b0]" if width % 2 else "b0: &b0 {<<: *b0, k: lol}")
    return "\n".join(lines) + "\n", f"*b{depth if style != 'recursive' else 0}"


@pytest.mark.parametrize("kind", ["place", "practice"])
@BOMBS
@given(data=st.data())
def test_alias_bombs(arena: Arena, kind: str, data) -> None:
    style = data.draw(st.sampled_from(["list", "map", "merge", "merge-list", "recursive"]))
    width = data.draw(st.integers(2, 12))
    depth = data.draw(st.integers(1, 12))
    defs, use = bomb(style, width, depth)
    where = data.draw(st.sampled_from(["top"] + [p for p in PATHS[kind] if p]))
    if where == "top":
        text = defs + f"boom: {use}\n"
    else:
        text = defs + dump(put(copy.deepcopy(BASES[kind]), where, "BOMBHERE")).replace("BOMBHERE", use)
    verdict = outcome(arena, f"bombs:{kind}", write(arena, text), kind, memory=True)
    assert verdict == "error"   # the definitions are unknown top-level fields, whatever else


HONEST_PLACE_TAILS = [
    "smells: &w [salt]\ntouch: *w\ncamera: {<<: &cam {mode: seated, position: [0, 1.2, 0]}, fov: 65}\n"
    "fog: {<<: [{start: 40}, {end: 200}]}\n",
    "smells: [&s salt]\ntouch: [*s]\ncamera: {fov: 65, <<: [{mode: seated}, {position: &p [0, 1.2, 0]}]}\n"
    "fog: &f {start: 40, end: 200}\n",
    "smells: &w [salt]\ntouch: *w\ncamera: {<<: {mode: seated, position: [0, 1.2, 0], fov: 99}, fov: 65}\n"
    "fog: {<<: {start: 40, end: 200}}\n",
]
HONEST_PRACTICE = """\
name: fuzz-practice
title: Fuzz
segments:
  - id: settle
    duration: 20
    text: &lines [Sit., Breathe.]
    cues: &cues [{at: 0, do: breath.on}, {at: 3, do: light.warm, args: &args {amount: 0.5}}]
  - id: again
    <<: {duration: 20, text: *lines}
    cues: *cues
  - &rest {id: rest, pause: 10}
  - {<<: *rest, id: rest-again}
"""
HONEST_PRACTICE_PLAIN = {
    "name": "fuzz-practice", "title": "Fuzz",
    "segments": [{"id": i, "duration": 20, "text": ["Sit.", "Breathe."],
                  "cues": [{"at": 0, "do": "breath.on"}, {"at": 3, "do": "light.warm", "args": {"amount": 0.5}}]}
                 for i in ("settle", "again")] + [{"id": "rest", "pause": 10}, {"id": "rest-again", "pause": 10}],
}


@pytest.mark.parametrize("kind", ["place", "practice"])
@FUZZ
@given(data=st.data())
def test_honest_anchors_and_merges_load(arena: Arena, kind: str, data) -> None:
    """Anchors, aliases and merge keys used as intended give the same model as
    the document written out in full."""
    if kind == "place":
        plain = {k: v for k, v in PLACE.items() if k not in ("smells", "touch", "camera", "fog")}
        text = dump(plain) + data.draw(st.sampled_from(HONEST_PLACE_TAILS))
        expected = Place.model_validate({**plain, "smells": ["salt"], "touch": ["salt"], "fog": {"start": 40, "end": 200},
                                         "camera": {"mode": "seated", "position": [0, 1.2, 0], "fov": 65}})
    else:
        text, expected = HONEST_PRACTICE, Practice.model_validate(HONEST_PRACTICE_PLAIN)
    path = write(arena, text)
    assert outcome(arena, f"honest-aliases:{kind}", path, kind) == "valid", text
    assert load_file(path, MODELS[kind]) == expected


# --- 5. file paths that try to leave the allowed folders --------------------------------

CLASSIC_PATHS = [
    "../../etc/passwd", "../../../../../../../../etc/passwd", "/etc/passwd", "~/x.wav", "~root/x.wav",
    "file:///etc/passwd", "file://localhost/etc/passwd", "good.wav\0../../etc/passwd", "\0",
    "..\\..\\etc\\passwd", "..\\..\\outside\\secret.wav", "C:\\Windows\\win.ini", "C:x.wav",
    "\\\\server\\share\\x.wav", "//server/share/x.wav", "\\\\?\\C:\\x.wav", "out.wav", "etc.wav",
    "outdir/secret.wav", "outdir/sub/deep.ogg", "chain.wav", "loop.wav", "ping.wav", "dangling.wav",
    "sounds/up.wav", "../outside/secret.wav", "../place/../outside/secret.wav", "sounds/../../outside/secret.wav",
    "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd", "\u2025/\u2025/etc/passwd", "．．/．．/etc/passwd",
    "/proc/self/environ", "/dev/zero", "/dev/stdin", "notes.txt", "sounds", ".", "", " ", "..",
    "good.wav/", "good.wav/.", "./good.wav", "sounds/rain.ogg", "inlink.wav", "todata.wav",
    "../data/sounds/d.wav", "GOOD.WAV", "good.WAV", "a" * 5000 + ".wav", "x/" * 2000 + "good.wav",
]
PARTS = ["..", ".", "", "sounds", "good.wav", "rain.ogg", "outside", "outdir", "secret.wav", "sub", "deep.ogg",
         "etc", "passwd", "out.wav", "chain.wav", "loop.wav", "etc.wav", "todata.wav", "inlink.wav",
         "data", "place", "~", "\0", "%2e%2e", "..\\..", "C:", "file:", "\u2025", "nul.wav", "con"]


@st.composite
def file_paths(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(CLASSIC_PATHS))
    prefix = draw(st.sampled_from(["", "", "./", "/", "~/", "file://", "C:\\", "\\\\?\\", "../", "\\"]))
    sep = draw(st.sampled_from(["/", "/", "\\", "//"]))
    parts = draw(st.lists(st.sampled_from(PARTS), min_size=1, max_size=8))
    suffix = draw(st.sampled_from(["", "", ".wav", ".ogg", ".WAV", ".mp3", "\0.wav", "/"]))
    return prefix + sep.join(parts) + suffix


@pytest.mark.parametrize("kind", ["place", "practice"])
@FUZZ
@given(data=st.data())
def test_file_paths_never_lead_out(arena: Arena, kind: str, data) -> None:
    doc = copy.deepcopy(BASES[kind])
    chosen = data.draw(st.lists(file_paths(), min_size=1, max_size=4))
    if kind == "place":
        doc["sounds"] = [{"file": p, "gain": -12} for p in chosen] + [{"layer": "wind"}]
    else:
        chosen = chosen[:len(doc["segments"][:2])]   # only these reach the file
        for seg, p in zip(doc["segments"][:2], chosen):
            seg["voice"] = p
    verdict = outcome(arena, f"paths:{kind}", write(arena, dump(doc)), kind)
    leaves = any(s in p for p in chosen for s in ("passwd", "secret", "deep.ogg", "/dev/", "/proc/"))
    assert not (verdict == "valid" and leaves), chosen


def test_symlinked_paths_are_judged_by_their_target(arena: Arena) -> None:
    """The symlinks in the place folder: in -> in and in -> data load; every
    link out (straight, chained, relative, by folder), loops and dangling
    links are the loader's error."""
    allowed = ["inlink.wav", "todata.wav", "good.wav", "../data/sounds/d.wav"]
    refused = ["out.wav", "etc.wav", "outdir/secret.wav", "chain.wav", "loop.wav", "ping.wav",
               "dangling.wav", "sounds/up.wav"]
    for kind in ("place", "practice"):
        for rel in allowed + refused:
            doc = copy.deepcopy(BASES[kind])
            if kind == "place":
                doc["sounds"][1]["file"] = rel
            else:
                doc["segments"][0]["voice"] = rel
            verdict = outcome(arena, f"symlinks:{kind}", write(arena, dump(doc)), kind)
            assert verdict == ("valid" if rel in allowed else "error"), (kind, rel)


# --- 6. encodings, BOMs, empty and blank files ------------------------------------------

WHITESPACE = " \t\r\n\x0b\x0c\u00a0\u2028\u2029\u3000\ufeff\x85"


@st.composite
def encoded(draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    doc = copy.deepcopy(BASES[kind])
    doc["title"] = draw(st.sampled_from(["Café ☀ 海", "Plain", "Ünïcödé \U0001F33F", "ä" * 70]))
    text = dump(doc)
    how = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be-bom", "utf-32",
                                "latin-1", "cp1252", "corrupt", "surrogates", "empty", "blank", "bom-blank"]))
    if how == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be"), how
    if how in ("latin-1", "cp1252"):
        return text.encode(how, errors="replace"), how
    if how == "corrupt":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(raw)))
            raw[at:at] = draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf",
                                               b"\xf4\x90\x80\x80", b"\x80", b"\x00", b"\xef\xbb\xbf"]))
        return bytes(raw), how
    if how == "surrogates":
        return text.replace("fuzz", "fuzz\ud800", 1).encode("utf-8", "surrogatepass"), how
    if how == "empty":
        return b"", how
    if how in ("blank", "bom-blank"):
        blank = draw(st.text(alphabet=WHITESPACE, max_size=200))
        return (b"\xef\xbb\xbf" if how == "bom-blank" else b"") + blank.encode("utf-8"), how
    return text.encode(how), how


@pytest.mark.parametrize("kind", ["place", "practice"])
@FUZZ
@given(data=st.data())
def test_encodings_boms_empty_and_blank(arena: Arena, kind: str, data) -> None:
    raw, how = data.draw(encoded(kind))
    verdict = outcome(arena, f"encodings:{kind}", write(arena, raw), kind)
    if how in ("utf-8", "utf-8-sig"):
        assert verdict == "valid", how          # a UTF-8 BOM is fine
    if how in ("utf-16", "utf-16-le", "utf-16-be-bom", "utf-32", "empty", "blank", "bom-blank", "surrogates"):
        assert verdict == "error", how
