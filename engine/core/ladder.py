"""The imagery ladder: from the full scene down to eyes closed (pure).

For people who find imagery hard, seeing the whole place helps at first;
over sessions they can step down the ladder as they carry the place in
their own mind, until only sound and voice are left. Each step is a look:
how much the view is veiled in the place's mist, how near the fog comes,
how dark the calm screen is. The director glides a single value between
steps (never a cut), and `look(level)` blends the two steps either side.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str
    words: str
    haze: float
    """0..1 veil of the place's own fog colour: softens colour and contrast."""
    fog: float
    """Fog distance as a share of the place's own (1 keeps it; small brings the mist near)."""
    dark: float
    """0..1 the dark, calm screen over the view (sound and voice go on)."""


STEPS: tuple[Step, ...] = (
    Step("full", "full scene", 0.0, 1.0, 0.0),
    Step("soft", "softened scene", 0.32, 0.55, 0.0),
    Step("mist", "silhouettes in mist", 0.5, 0.09, 0.0),
    Step("sound", "sound only", 0.5, 0.09, 0.94),
    Step("eyes", "eyes closed", 0.5, 0.09, 0.975),
)
TOP = len(STEPS) - 1
GLIDE_SECONDS = 10.0
"""A step is a slow fade: nothing changes faster than a sunset would."""
SPOKEN_FROM = 3
"""From "sound only" on, the voice speaks the practice and its captions fade
away (a line the voice cannot say stays shown); the practice's lines that
ask to look give their sound or feeling alternative (segment `eyes_closed`)."""
EYES_WORDS = ("You can let your eyes close now, if you like.", "The sounds and the voice stay with you.")


@dataclass(frozen=True)
class Look:
    haze: float
    fog: float
    dark: float
    eyes: float
    """0..1 how far the 'eyes closed' words have come in."""


def check_step(step: object) -> int:
    if isinstance(step, bool) or not isinstance(step, (int, float)) or step != int(step) or not 0 <= step <= TOP:
        raise ValueError(f"ladder step {step!r} is not allowed (allowed: 0 to {TOP}: "
                         + ", ".join(f"{i} {s.words}" for i, s in enumerate(STEPS)) + ")")
    return int(step)


def look(level: float) -> Look:
    """The view at a ladder level (0..TOP, fractional while gliding)."""
    level = min(max(float(level), 0.0), float(TOP))
    lo = min(int(level), TOP - 1)
    f = level - lo
    a, b = STEPS[lo], STEPS[lo + 1]
    return Look(haze=a.haze + (b.haze - a.haze) * f,
                fog=a.fog * (b.fog / a.fog) ** f,   # distances blend geometrically: even steps to the eye
                dark=a.dark + (b.dark - a.dark) * f,
                eyes=max(0.0, level - (TOP - 1)))


def spoken(step: float) -> bool:
    """Whether the voice speaks at this ladder step (the step aimed at, not the glide)."""
    return step >= SPOKEN_FROM - 1e-6


def caption_veil(level: float) -> float:
    """0..1 how far the captions have faded for the voice: they go as the
    view goes from mist to sound only, with the ladder's own slow glide."""
    return min(max(float(level) - (SPOKEN_FROM - 1), 0.0), 1.0)
