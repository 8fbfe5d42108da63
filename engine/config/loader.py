"""Temporary minimal loader; replaced by the full one (line numbers, did-you-mean)."""
from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from engine import SCENES_DIR
from engine.config.place import Place


class ConfigError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def place_path(ref: str) -> Path:
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return SCENES_DIR / f"{ref}.yaml"


def load_place(ref: str) -> Place:
    path = place_path(ref)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Place.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as e:
        raise ConfigError([f"{path}: {e}"]) from e
