"""Finding, reading and validating place and practice files.

Models keep file paths as the strings written in the YAML; the loader
checks each one with `resolve_asset` while loading (so a bad path is a
problem with its line), and `assets.place_asset_paths` /
`assets.practice_voice_paths` give the resolved paths to whoever plays them.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from engine.config.assets import file_checks
from engine.config.errors import ConfigError, cap, dotted, problem
from engine.config.messages import describe
from engine.config.place import Palette, Place
from engine.config.practice import Practice, cross_checks
from engine.config.refs import display_name, place_path, practice_path
from engine.config.yamlpos import MAX_BYTES, Doc, YamlProblem, decode, parse

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]
Check = Callable[[BaseModel], list[tuple[Loc, str]]]

FALLBACK = Place(
    name="fallback", title="A quiet place",
    palette=Palette(sky_top="#5b7fb0", sky_horizon="#c9d8e6", ground="#6b8f4e", water="#4a7a9a",
                    foliage="#4f7a3a", accent="#e8c070", light="#fff1d6"),
)
"""Used only when even the default built-in place cannot be loaded."""
MAX_DESCRIBED = 200
"""Validation errors turned into lines; a hostile file may have thousands."""
CROSS_CHECKS: dict[type, Check] = {Practice: cross_checks}
"""Rules spanning several fields, run once a model validates."""


# --- loading --------------------------------------------------------------

def load_place(ref: str) -> Place:
    """A validated Place from a name or path; ConfigError with every problem."""
    return load_file(place_path(ref), Place)


def load_practice(ref: str) -> Practice:
    """A validated Practice from a name or path; ConfigError with every problem."""
    return load_file(practice_path(ref), Practice)


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
        raise ConfigError([problem(name, e.line or 1, e.path, e.message)]) from None
    except OSError as e:
        raise ConfigError([problem(name, None, "file", f"cannot read file: {e.strerror or e} "
                                   "(allowed: a readable file)")]) from None
    if not isinstance(doc.data, dict):
        raise ConfigError([problem(name, 1, "file", "the top level must be a mapping of fields "
                                   "(allowed: lines like 'name: beach', not a list or a single value)")])
    return doc


def _read_bytes(path: Path) -> bytes:
    """At most one byte past the size limit, so huge files cost nothing."""
    with open(path, "rb") as f:
        return f.read(MAX_BYTES + 1)


def validate(doc: Doc, name: str, path: Path, model: type[M], checks: Check | None = None) -> M:
    """`doc` as `model`, plus file-path and cross checks; ConfigError with lines.

    File paths are checked on the raw data, so their problems are reported
    together with the model's own.
    """
    checks = checks or CROSS_CHECKS.get(model)
    found = [_located(doc, name, loc, msg, "value") for loc, msg in file_checks(doc.data, path)]
    unseen = 0
    try:
        result = model.model_validate(doc.data)
    except ValidationError as e:
        errors = e.errors(include_url=False)
        unseen = max(0, len(errors) - MAX_DESCRIBED)
        found += _problems(doc, name, model, errors[:MAX_DESCRIBED])
        result = None
    if result is not None and checks is not None:
        found += [_located(doc, name, loc, msg, "value") for loc, msg in checks(result)]
    if found:
        found.sort(key=lambda item: item[0])
        raise ConfigError(cap(name, list(dict.fromkeys(text for _, text in found)), unseen))
    return result


def _problems(doc: Doc, name: str, model: type[BaseModel], errors: list) -> list[tuple[int, str]]:
    out = []
    for err in errors:
        msg = describe(err, model)
        line, text = _located(doc, name, msg.loc, msg.text, msg.point)
        out.append((line, text + _comment_hint(doc, line, err.get("input"))))
    return out


def _located(doc: Doc, name: str, loc: Loc, text: str, point: str) -> tuple[int, str]:
    line = _line(doc, loc, point)
    return line, problem(name, line, dotted(loc), text)


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
            result: BaseModel = validate(doc, name, path, Practice)
        else:
            result = validate(doc, name, path, Place)
    except ConfigError as e:
        return False, e.problems
    kind = "practice" if isinstance(result, Practice) else "place"
    return True, [f"{name}: ok ({kind} '{result.name}')"]
