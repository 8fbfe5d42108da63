"""YAML -> validated models, with clear one-line errors."""
from engine.config.loader import ConfigError, load_place, place_path
from engine.config.place import Place

__all__ = ["ConfigError", "Place", "load_place", "place_path"]
