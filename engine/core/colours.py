"""The compassionate colours Haven suggests, by name (pure: the colour
picker shows them as swatches, the settings page steps through them)."""
from __future__ import annotations

SUGGESTIONS: tuple[tuple[str, str], ...] = (
    ("warm gold", "#f0a860"), ("rose", "#e89aa8"), ("soft green", "#9fd4a0"),
    ("sky blue", "#8fc0e8"), ("lavender", "#b8a4e0"), ("peach", "#f4b89a"),
)


def colour_words(hex_colour: str) -> str:
    """A suggested colour's name; one the person mixed is 'your own colour'."""
    for name, hx in SUGGESTIONS:
        if hx.lower() == hex_colour.lower():
            return name
    return "your own colour"
