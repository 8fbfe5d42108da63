"""Colours in words (pure): the compassionate colours Haven suggests, by
name (the colour picker shows them as swatches, the settings page steps
through them), and any colour described plainly ("pale sky blue"), so no
screen shows a person a hex code."""
from __future__ import annotations

import colorsys

SUGGESTIONS: tuple[tuple[str, str], ...] = (
    ("warm gold", "#f0a860"), ("rose", "#e89aa8"), ("soft green", "#9fd4a0"),
    ("sky blue", "#8fc0e8"), ("lavender", "#b8a4e0"), ("peach", "#f4b89a"),
)


def colour_words(hex_colour: str) -> str:
    """A suggested colour's name; one the person mixed is 'your own' and
    described ('your own soft teal')."""
    return _suggested(hex_colour) or f"your own {describe(hex_colour)}"


def _suggested(hex_colour: str) -> str | None:
    """The picker's name for one of its six colours, else None."""
    return next((name for name, hx in SUGGESTIONS if hx.lower() == hex_colour.lower()), None)


# Hue names by the hue's upper bound in degrees.
_HUES: tuple[tuple[float, str], ...] = (
    (12, "red"), (38, "orange"), (50, "gold"), (66, "yellow"), (90, "leaf green"), (160, "green"),
    (198, "teal"), (218, "sky blue"), (252, "blue"), (280, "violet"), (318, "purple"), (346, "pink"),
    (361, "red"),
)


def describe(hex_colour: str) -> str:
    """Any '#rrggbb' colour in a few plain words: the picker's name for one
    of its six, otherwise a hue with how light or muted it is ('pale sky
    blue', 'deep green', 'soft teal', 'cream')."""
    suggested = _suggested(hex_colour)   # the picker's own six keep the names it shows
    if suggested:
        return suggested
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    deg = hue * 360
    chroma = max(r, g, b) - min(r, g, b)
    if chroma < 0.06:
        return ("white" if light > 0.92 else "pale grey" if light > 0.7 else "grey" if light > 0.35
                else "dark grey" if light > 0.12 else "black")
    if light > 0.84 and 20 <= deg < 66:
        return "cream"
    name = next(n for top, n in _HUES if deg < top)
    if name in ("orange", "gold") and light < 0.4:
        return "dark brown" if light < 0.22 else "brown"
    if name in ("gold", "yellow", "leaf green") and light < 0.45 and chroma < 0.45:
        name = "olive"
    if name == "red" and light > 0.6:
        return "rose"
    shade = ("very pale" if light > 0.9 else "pale" if light > 0.78 else "light" if light > 0.66
             else "dark" if light < 0.22 else "deep" if light < 0.36 else "soft" if sat < 0.35 else "")
    if shade in ("dark", "deep") and name == "sky blue":
        name = "blue"
    return f"{shade} {name}".strip()
