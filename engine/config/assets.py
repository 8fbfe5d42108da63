"""Where a file named inside a place or practice may come from.

A path in a user's YAML is relative to that YAML's folder. After following
symlinks it must land inside that folder's tree, the user's Haven data
folder or the app's own folder, so a shared place file cannot make Haven
read (and play, or show errors about) arbitrary files on the computer.
"""
from __future__ import annotations

from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING

from engine import APP_DIR
from engine.config.errors import show
from engine.config.userdirs import data_dir

if TYPE_CHECKING:
    from engine.config.place import Place
    from engine.config.practice import Practice

Loc = tuple[str | int, ...]

AUDIO_SUFFIXES = (".wav", ".ogg", ".mp3", ".flac")


class AssetError(ValueError):
    """Why a named file cannot be used; the message fits in a problem line."""


def resolve_asset(yaml_path: Path | str, rel: str,
                  suffixes: tuple[str, ...] = AUDIO_SUFFIXES) -> Path:
    """The real path of `rel`, named in the file `yaml_path`, or AssetError."""
    if not isinstance(rel, str) or not rel.strip():
        raise AssetError("is empty (allowed: a file path relative to this YAML file)")
    if "\0" in rel:
        raise AssetError("contains a NUL character (allowed: a plain file path)")
    if _absolute(rel):
        raise AssetError(f"{show(rel, 80)} is an absolute path (allowed: a path relative to this YAML file's folder)")
    try:
        return _locate(Path(yaml_path).resolve().parent, rel, suffixes)
    except (OSError, RuntimeError) as e:  # RuntimeError: a symlink loop (Python 3.11)
        why = getattr(e, "strerror", None) or show(str(e), 80)   # str(OSError) repeats the whole path
        raise AssetError(f"{show(rel, 80)} cannot be opened: {why} (allowed: a readable file)") from None


def _locate(base: Path, rel: str, suffixes: tuple[str, ...]) -> Path:
    target = (base / rel).resolve()
    if not any(target.is_relative_to(root) for root in allowed_roots(base)):
        raise AssetError(f"{show(rel, 80)} leads outside the allowed folders (allowed: files inside "
                         "this YAML file's folder, the Haven data folder or the app folder)")
    if target.suffix.lower() not in suffixes:
        raise AssetError(f"{show(rel, 80)} has the wrong file type (allowed: {', '.join(suffixes)})")
    if not target.is_file():
        raise AssetError(f"{show(rel, 80)} does not exist (allowed: an existing file; looked for {_short_path(target)})")
    return target


def _short_path(path: Path, limit: int = 160) -> str:
    """A path for a message: whole if short, else its start and its end."""
    text = str(path)
    return text if len(text) <= limit else text[:60] + "..." + text[-(limit - 63):]


def allowed_roots(base: Path) -> list[Path]:
    """Folders (symlinks resolved) that named files may live in."""
    return [base.resolve(), data_dir().resolve(), APP_DIR.resolve()]


def _absolute(rel: str) -> bool:
    """Absolute on any system: '/x', '~/x', 'C:\\x', '\\\\server\\x'."""
    return (rel.startswith(("/", "\\", "~")) or Path(rel).is_absolute()
            or bool(PureWindowsPath(rel).drive))


FILE_FIELDS = (("sounds", "file"), ("segments", "voice"))
"""(list, field) pairs holding file paths, in places and practices."""


def file_checks(data: object, yaml_path: Path) -> list[tuple[Loc, str]]:
    """Problems with the file paths in raw data (before model validation)."""
    out: list[tuple[Loc, str]] = []
    if not isinstance(data, dict):
        return out
    for list_key, field in FILE_FIELDS:
        items = data.get(list_key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            rel = item.get(field) if isinstance(item, dict) else None
            if isinstance(rel, str):
                out += _asset_problem((list_key, i, field), yaml_path, rel)
    return out


def _asset_problem(loc: Loc, yaml_path: Path, rel: str) -> list[tuple[Loc, str]]:
    try:
        resolve_asset(yaml_path, rel)
    except AssetError as e:
        return [(loc, str(e))]
    return []


def place_asset_paths(place: Place, yaml_path: Path) -> list[Path | None]:
    """Resolved sound files, one per `place.sounds` entry (None for synth layers)."""
    return [resolve_asset(yaml_path, s.file) if s.file else None for s in place.sounds]


def practice_voice_paths(practice: Practice, yaml_path: Path) -> list[Path | None]:
    """Resolved voice files, one per segment (None where a segment has none)."""
    return [resolve_asset(yaml_path, s.voice) if s.voice else None for s in practice.segments]
