"""YAML -> validated models, with clear one-line errors."""
from engine.config.assets import AssetError, resolve_asset
from engine.config.errors import ConfigError
from engine.config.loader import (
    check_files,
    load_place,
    load_place_or_default,
    load_practice,
    place_asset_paths,
    place_names,
    place_path,
    practice_names,
    practice_path,
    practice_voice_paths,
)
from engine.config.place import Place
from engine.config.practice import Practice
from engine.config.userdirs import data_dir, places_dir, write_private

__all__ = [
    "AssetError", "ConfigError", "Place", "Practice", "check_files", "data_dir", "load_place",
    "load_place_or_default", "load_practice", "place_asset_paths", "place_names", "place_path",
    "places_dir", "practice_names", "practice_path", "practice_voice_paths", "resolve_asset",
    "write_private",
]
