"""Where a file named inside a place or practice may come from.

A path in a user's YAML is relative to that YAML's folder. After following
symlinks it must land inside that folder's tree, the user's Haven data
folder or the app's own folder, so a shared place file cannot make Haven
read (and play, or show errors about) arbitrary files on the computer.
"""
from __future__ import annotations

from pathlib import Path, PureWindowsPath

from engine import APP_DIR
from engine.config.userdirs import data_dir

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
        raise AssetError(f"'{rel}' is an absolute path (allowed: a path relative to this YAML file's folder)")
    if Path(rel).suffix.lower() not in suffixes:
        raise AssetError(f"'{rel}' has the wrong file type (allowed: {', '.join(suffixes)})")
    try:
        return _locate(Path(yaml_path).resolve().parent, rel)
    except (OSError, RuntimeError) as e:  # RuntimeError: a symlink loop (Python 3.11)
        raise AssetError(f"'{rel}' cannot be opened: {e} (allowed: a readable file)") from None


def _locate(base: Path, rel: str) -> Path:
    target = (base / rel).resolve()
    if not any(target.is_relative_to(root) for root in allowed_roots(base)):
        raise AssetError(f"'{rel}' leads outside the allowed folders (allowed: files inside "
                         "this YAML file's folder, the Haven data folder or the app folder)")
    if not target.is_file():
        raise AssetError(f"'{rel}' does not exist (allowed: an existing file; looked for {target})")
    return target


def allowed_roots(base: Path) -> list[Path]:
    """Folders (symlinks resolved) that named files may live in."""
    return [base.resolve(), data_dir().resolve(), APP_DIR.resolve()]


def _absolute(rel: str) -> bool:
    """Absolute on any system: '/x', '~/x', 'C:\\x', '\\\\server\\x'."""
    return (rel.startswith(("/", "\\", "~")) or Path(rel).is_absolute()
            or bool(PureWindowsPath(rel).drive))
