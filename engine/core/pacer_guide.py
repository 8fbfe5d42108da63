"""The breathing guide a person follows: its styles and how bright and how
large it is at each moment of the breath (pure: no Ursina).

The pacer's level (0 at the end of an out-breath, 1 at the end of an
in-breath, eased like a breath, flat during a hold) drives it; the breath
channel's amount (0..1, gliding when pacing turns on or off) blends it
with a quiet resting glow, so nothing ever snaps. The change per frame is
the pacer's slope times the glow's range: at the quickest breath Haven
paces (12 a minute, 2 s in) that is under 3 % of the light's full range a
frame at 30 fps, a swell and never a flash.
"""
from __future__ import annotations

from engine.config.settings import PACER_STYLES as STYLES
STYLE_WORDS = {"place": "the place's own light", "bloom": "a bloom that opens and folds",
               "tide": "a slow tide line", "none": "no guide (the scene still breathes a little)"}
STYLE_GLIDE = 3.0
"""Seconds a change of style or strength takes (one fades as the other comes)."""

REST = 0.3
"""The place's light while no breath is paced (before the practice asks, or
with pacing off): there, steady and quiet."""
LOW = 0.15
"""Its brightness at the end of an out-breath, as a share of the top."""
SMALL = 0.72
"""Its size at the end of an out-breath, as a share of the top."""


def paced(level: float, amount: float) -> float:
    """0..1: how far the guide has opened (amount blends toward REST)."""
    level = min(max(level, 0.0), 1.0)
    amount = min(max(amount, 0.0), 1.0)
    return REST * (1.0 - amount) + level * amount


def brightness(level: float, amount: float) -> float:
    """0..1 of the light's full brightness."""
    return LOW + (1.0 - LOW) * paced(level, amount)


def size(level: float, amount: float) -> float:
    """0..1 of the light's full size."""
    return SMALL + (1.0 - SMALL) * paced(level, amount)


def next_style(style: str) -> str:
    return STYLES[(STYLES.index(style) + 1) % len(STYLES)] if style in STYLES else STYLES[0]
