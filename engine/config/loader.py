"""Finding, reading and validating place and practice files.

Models keep file paths as the strings written in the YAML; the loader
checks each one with `resolve_asset` while loading (so a bad path is a
problem with its line), and `place_asset_paths` / `practice_voice_paths`
give the resolved paths to whoever plays them.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from engine import APP_DIR, NARRATION_DIR, SCENES_DIR
from engine.config.assets import AssetError, resolve_asset
from engine.config.errors import ConfigError, allowed_text, cap, problem
from engine.config.messages import describe
from engine.config.place import Palette, Place
from engine.config.practice import Practice, cross_checks
from engine.config.userdirs import places_dir
from engine.config.yamlpos import MAX_BYTES, Doc, YamlProblem, decode, parse

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]
Check = Callable[[BaseModel, Path], list[tuple[Loc, str]]]

FALLBACK = Place(
    name="fallback", title="A quiet place",
    palette=Palette(sky_top="#5b7fb0", sky_horizon="#c9d8e6", ground="#6b8f4e", water="#4a7a9a",
                    foliage="#4f7a3a", accent="#e8c070", light="#fff1d6"),
)
"""Used only when even the default built-in place cannot be loaded."""


# --- names and paths ------------------------------------------------------

def place_names() -> dict[str, Path]:
    """Built-in and personal places by name (a built-in wins a name clash)."""
    return {**_names_in(places_dir()), **_names_in(SCENES_DIR)}


def practice_names() -> dict[str, Path]:
    """Built-in practices by name."""
    return _names_in(NARRATION_DIR)


def place_path(ref: str) -> Path:
    """The file for a place name or path; ConfigError for an unknown name."""
    return _find(ref, place_names(), "place")


def practice_path(ref: str) -> Path:
    """The file for a practice name or path; ConfigError for an unknown name."""
    return _find(ref, practice_names(), "practice")


def _names_in(folder: Path) -> dict[str, Path]:
    try:
        return {p.stem: p for p in sorted(folder.glob("*.yaml")) if p.is_file()}
    except OSError:
        return {}


def _is_path(ref: str) -> bool:
    return ref.lower().endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def _find(ref: str, names: dict[str, Path], what: str) -> Path:
    if _is_path(ref):
        return Path(ref).expanduser()
    if ref in names:
        return names[ref]
    allowed = allowed_text(sorted(names), ref) if names else "none installed"
    raise ConfigError([f"{ref}: no {what} with this name ({allowed}; or give a path to a .yaml file)"])


def display_name(path: Path) -> str:
    """How a file is named in problems: app files relative, home as '~'."""
    try:
        return path.resolve().relative_to(APP_DIR.resolve()).as_posix()
    except (ValueError, OSError):
        pass
    text, home = str(path), str(Path.home())
    return "~" + text[len(home):] if home != "/" and text.startswith(home + "/") else text


# --- loading --------------------------------------------------------------

def load_place(ref: str) -> Place:
    """A validated Place from a name or path; ConfigError with every problem."""
    return load_file(place_path(ref), Place, _place_checks)


def load_practice(ref: str) -> Practice:
    """A validated Practice from a name or path; ConfigError with every problem."""
    return load_file(practice_path(ref), Practice, _practice_checks)


def load_place_or_default(ref: str, default: str = "meadow") -> tuple[Place, list[str]]:
    """(place, problems): a broken place falls back to `default`, never stops Haven."""
    try:
        return load_place(ref), []
    except ConfigError as e:
        problems = e.problems + [f"{ref}: could not be opened, showing '{default}' instead"]
    try:
        return load_place(default), problems
    except ConfigError as e:
        return FALLBACK, problems + e.problems


def load_file(path: Path, model: type[M], checks: Check | None = None) -> M:
    """Read `path` and validate it as `model`; ConfigError lists the problems."""
    name = display_name(path)
    doc = read_doc(path, name)
    return validate(doc, name, path, model, checks)


def read_doc(path: Path, name: str) -> Doc:
    """The parsed YAML of `path`, with positions; ConfigError if unreadable."""
    try:
        raw = _read_bytes(path)
        doc = parse(decode(raw))
    except YamlProblem as e:
        raise ConfigError([problem(name, e.line, e.path, e.message)]) from None
    except OSError as e:
        raise ConfigError([f"{name}: cannot read file: {e.strerror or e} (allowed: a readable file)"]) from None
    if not isinstance(doc.data, dict):
        raise ConfigError([problem(name, 1, "file", "the top level must be a mapping of fields "
                                   "(allowed: lines like 'name: beach', not a list or a single value)")])
    return doc


def _read_bytes(path: Path) -> bytes:
    """At most one byte past the size limit, so huge files cost nothing."""
    with open(path, "rb") as f:
        return f.read(MAX_BYTES + 1)


def validate(doc: Doc, name: str, path: Path, model: type[M], checks: Check | None = None) -> M:
    """`doc` as `model`, plus the cross checks; ConfigError with line numbers."""
    try:
        result = model.model_validate(doc.data)
    except ValidationError as e:
        raise ConfigError(_problems(doc, name, model, e)) from None
    found = checks(result, path) if checks else []
    if found:
        lines = [(doc.pos(loc).value_line, problem(name, doc.pos(loc).value_line, _dotted(loc), msg))
                 for loc, msg in found]
        raise ConfigError(cap([text for _, text in sorted(lines, key=lambda x: x[0])]))
    return result


def _problems(doc: Doc, name: str, model: type[BaseModel], error: ValidationError) -> list[str]:
    found: list[tuple[int, str]] = []
    for err in error.errors(include_url=False):
        msg = describe(err, model)
        line = _line(doc, msg.loc, msg.point)
        text = msg.text + _comment_hint(doc, line, err.get("input"))
        found.append((line, problem(name, line, _dotted(msg.loc), text)))
    unique = dict.fromkeys(text for _, text in sorted(found, key=lambda x: x[0]))
    return cap(list(unique))


def _line(doc: Doc, loc: Loc, point: str) -> int:
    if point == "parent":
        return doc.pos(loc[:-1]).line
    pos = doc.pos(loc)
    if loc not in doc.positions:
        return pos.line
    return pos.key_line if point == "key" else pos.line


def _comment_hint(doc: Doc, line: int, value: object) -> str:
    """An unquoted '#a1b2c3' is a YAML comment, so the value arrives empty."""
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    if value is None and ": #" in text:
        return " - note: '#' starts a comment in YAML, so write colours in quotes: '#a1b2c3'"
    return ""


def _dotted(loc: Loc) -> str:
    return ".".join(str(p) for p in loc) or "file"


# --- cross checks and asset paths ------------------------------------------

def _place_checks(place: BaseModel, path: Path) -> list[tuple[Loc, str]]:
    assert isinstance(place, Place)
    return [(("sounds", i, "file"), msg) for i, msg in _asset_problems(
        [s.file for s in place.sounds], path)]


def _practice_checks(practice: BaseModel, path: Path) -> list[tuple[Loc, str]]:
    assert isinstance(practice, Practice)
    voices = [(("segments", i, "voice"), msg) for i, msg in _asset_problems(
        [s.voice for s in practice.segments], path)]
    return cross_checks(practice) + voices


def _asset_problems(files: list[str | None], yaml_path: Path) -> list[tuple[int, str]]:
    out = []
    for i, rel in enumerate(files):
        if rel is None:
            continue
        try:
            resolve_asset(yaml_path, rel)
        except AssetError as e:
            out.append((i, str(e)))
    return out


def place_asset_paths(place: Place, yaml_path: Path) -> list[Path | None]:
    """Resolved sound files, one per `place.sounds` entry (None for synth layers)."""
    return [resolve_asset(yaml_path, s.file) if s.file else None for s in place.sounds]


def practice_voice_paths(practice: Practice, yaml_path: Path) -> list[Path | None]:
    """Resolved voice files, one per segment (None where a segment has none)."""
    return [resolve_asset(yaml_path, s.voice) if s.voice else None for s in practice.segments]


# --- `main.py check` ------------------------------------------------------

def check_files(paths: list[str]) -> tuple[int, list[str]]:
    """(exit code, lines to print): 0 when every file is valid, 2 otherwise."""
    code, out = 0, []
    for ref in paths:
        ok, lines = check_one(Path(ref))
        code = code if ok else 2
        out += lines
    return code, out


def check_one(path: Path) -> tuple[bool, list[str]]:
    """Validate one file as a practice (it has `segments`) or else a place."""
    name = str(path)
    try:
        doc = read_doc(path, name)
        if "segments" in doc.data:
            result: BaseModel = validate(doc, name, path, Practice, _practice_checks)
        else:
            result = validate(doc, name, path, Place, _place_checks)
    except ConfigError as e:
        return False, e.problems
    kind = "practice" if isinstance(result, Practice) else "place"
    return True, [f"{name}: ok ({kind} '{result.name}')"]
