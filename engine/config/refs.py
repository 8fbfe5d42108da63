"""Place and practice names: built-in, personal, or a path to a file."""
from __future__ import annotations

from pathlib import Path

from engine import APP_DIR, NARRATION_DIR, SCENES_DIR
from engine.config.errors import ConfigError, allowed_text
from engine.config.userdirs import places_dir


def place_names() -> dict[str, Path]:
    """Built-in and personal places by name (a built-in wins a name clash)."""
    return {**_names_in(places_dir()), **_names_in(SCENES_DIR)}


def practice_names() -> dict[str, Path]:
    """Built-in practices by name, and the programme's readings (narration/readings/)."""
    return {**_names_in(NARRATION_DIR / "readings"), **_names_in(NARRATION_DIR)}


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
    except (ValueError, OSError, RuntimeError):
        pass
    text, home = str(path), str(Path.home())
    return "~" + text[len(home):] if home != "/" and text.startswith(home + "/") else text
