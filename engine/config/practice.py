"""The practice model: a guided practice as timed segments with cues.

A practice file is YAML (see narration/*.yaml). Each segment shows its
caption lines for `duration` seconds, or is a silent `pause`; cues fire at
`at` seconds into their segment. Cross-field rules (a cue inside its
segment, unique segment ids) are checked by the loader, so their problems
point at the exact field.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from engine.config.place import Name, Strict

CueAction = Literal[
    "sounds.focus", "sounds.fade", "light.warm", "light.soften",
    "presence.appear", "presence.approach", "presence.welcome", "presence.retreat",
    "colour.choose", "colour.spread", "colour.fade", "colours.lift", "camera.explore", "camera.still",
    "breath.on", "breath.off", "ground",
]
"""What each cue does (args in brackets, all optional):
sounds.focus [layers, seconds]  chosen layers (default: all but the pad) come forward, the rest recede
sounds.fade [to_db, seconds]    the whole bed glides to to_db (default -10) over seconds (>= 2)
light.warm / light.soften [amount, seconds]   the place's light warms / settles (amount 0..1)
colours.lift [amount, seconds]  the place's colours come up a little (the sight moment)
presence.appear / .approach / .welcome / .retreat   the presence (see the place's presence)
colour.choose                   the app offers the colour picker (renders use the chosen colour)
colour.spread / colour.fade     the compassionate colour gathers and breathes / fades away
camera.explore / camera.still   invite walking about (never forced) / back to the seat
breath.on [rate] / breath.off   the breathing light starts (at rate, breaths a minute) / settles
ground                          the calm return: light and sound fade to a quiet room tone
"""
Seconds = Annotated[float, Field(gt=0, le=3600)]


def _lines(value: object) -> object:
    """A string is split into caption lines; blank lines are dropped."""
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


Caption = Annotated[str, Field(min_length=1, max_length=300)]
Text = Annotated[list[Caption], Field(max_length=40), BeforeValidator(_lines)]
_SCALARS = (str, int, float, bool, type(None))


def _plain_args(args: dict[str, Any]) -> dict[str, Any]:
    """Cue arguments are plain values or lists of them (no nested mappings)."""
    for key, value in args.items():
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _SCALARS) for v in items):
            raise ValueError(f"'{key}' must be a number, text, true/false or a list of those")
    return args


Args = Annotated[dict[str, Any], Field(max_length=16), AfterValidator(_plain_args)]


class Cue(Strict):
    at: Annotated[float, Field(ge=0, le=3600)]
    """Seconds into the segment."""
    do: CueAction
    args: Args = {}


class Segment(Strict):
    id: Name
    text: Text = []
    words: Literal["smells", "touch", "presence"] | None = None
    """Add the place's own words: its smells or touch as a last caption line, or
    the presence's words (what the person's compassionate figure would say)."""
    duration: Seconds | None = None
    pause: Seconds | None = None
    """A silent segment: this many seconds with no caption or voice."""
    voice: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    cues: Annotated[list[Cue], Field(max_length=64)] = []

    @model_validator(mode="after")
    def _one_length(self) -> "Segment":
        if (self.duration is None) == (self.pause is None):
            raise ValueError("give exactly one of 'duration' or 'pause' (seconds)")
        return self

    @property
    def length(self) -> float:
        """Seconds this segment lasts."""
        return float(self.duration if self.duration is not None else self.pause)


class Breath(Strict):
    """The practice's breathing pacer; the person's settings may override it."""
    rate: Annotated[float, Field(ge=3, le=12)] = 6.0
    """Target breaths a minute."""
    start_rate: Annotated[float, Field(ge=3, le=12)] | None = None
    """Where the ramp starts; default the person's natural rate, else 10."""
    ramp: Annotated[float, Field(ge=0, le=900)] = 120.0
    """Seconds to glide from the start rate to the target."""
    on: bool = False
    """Whether the light breathes from the start (else from a breath.on cue)."""


class Practice(Strict):
    name: Name
    title: Annotated[str, Field(min_length=1, max_length=80)]
    description: Annotated[str, Field(max_length=400)] = ""
    duration: Annotated[float, Field(gt=0, le=7200)] | None = None
    """The nominal length shown to people; the segments set the real one."""
    breath: Breath = Breath()
    segments: Annotated[list[Segment], Field(min_length=1, max_length=100)]

    @property
    def length(self) -> float:
        """Seconds the whole practice lasts (sum of its segments)."""
        return sum(s.length for s in self.segments)


def cross_checks(practice: Practice) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for rules spanning several fields."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for i, seg in enumerate(practice.segments):
        if seg.id in seen:
            out.append((("segments", i, "id"), f"'{seg.id}' is used twice (allowed: a different id per segment)"))
        seen.add(seg.id)
        for j, cue in enumerate(seg.cues):
            if cue.at > seg.length:
                out.append((("segments", i, "cues", j, "at"),
                            f"{cue.at:g} is after the segment ends (allowed: 0 to {seg.length:g})"))
    return out

