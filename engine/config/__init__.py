"""YAML -> validated models, with clear one-line errors.

Problems read `FILE:LINE: field.path: what is wrong (what is allowed)`;
see loader.py for loading, assets.py for file paths named in YAML and
userdirs.py for the user's private data folder.
"""
from engine.config.assets import AssetError, place_asset_paths, practice_voice_paths, resolve_asset
from engine.config.errors import ConfigError
from engine.config.loader import check_files, load_place, load_place_or_default, load_practice
from engine.config.place import Place
from engine.config.practice import Practice
from engine.config.refs import place_names, place_path, practice_names, practice_path
from engine.config.userdirs import data_dir, places_dir, write_private

__all__ = [
    "AssetError", "ConfigError", "Place", "Practice", "check_files", "data_dir", "load_place",
    "load_place_or_default", "load_practice", "place_asset_paths", "place_names", "place_path",
    "places_dir", "practice_names", "practice_path", "practice_voice_paths", "resolve_asset",
    "write_private",
]
