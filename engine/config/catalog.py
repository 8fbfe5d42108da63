"""What places and practices exist: built-in files and the person's own."""
from __future__ import annotations

from pathlib import Path

from engine import NARRATION_DIR, SCENES_DIR


def builtin_places() -> list[str]:
    return sorted(p.stem for p in SCENES_DIR.glob("*.yaml"))


def builtin_practices() -> list[str]:
    return sorted(p.stem for p in NARRATION_DIR.glob("*.yaml"))


def personal_places() -> list[Path]:
    try:
        from engine.config.userdirs import places_dir
    except ImportError:
        return []
    folder = places_dir()
    return sorted(folder.glob("*.yaml")) if folder.exists() else []


def catalog_lines() -> list[str]:
    lines = ["Built-in places:"] + [f"  {n}" for n in builtin_places()]
    mine = personal_places()
    lines += ["Your places:"] + ([f"  {p.stem}  ({p})" for p in mine] or ["  (none yet)"])
    practices = builtin_practices()
    lines += ["Built-in practices:"] + ([f"  {n}" for n in practices] or ["  (none yet)"])
    return lines
