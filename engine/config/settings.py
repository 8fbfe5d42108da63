"""The person's settings (comfort and display), kept between sessions.

Stored as YAML in the private data folder. A broken settings file never
stops Haven: it starts with defaults, says why, and leaves the file alone
until the person changes a setting.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.config.userdirs import data_dir, write_private


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    reduced_motion: bool = False
    camera_drift: bool = True
    show_help: bool = True
    volume: float = Field(0.8, ge=0, le=1)
    last_place: str | None = None


def settings_path() -> Path:
    return data_dir() / "settings.yaml"


def load_settings() -> tuple[Settings, str | None]:
    """(settings, problem) - problem is a one-line message when the file was unusable."""
    path = settings_path()
    if not path.exists():
        return Settings(), None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Settings.model_validate(data), None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Settings(), f"{path}: settings not read, using defaults ({first})"


def save_settings(settings: Settings) -> Path:
    text = yaml.safe_dump(settings.model_dump(), sort_keys=True)
    return write_private(settings_path(), text)
