"""The person's settings (comfort and display), kept between sessions.

Stored as YAML in the private data folder. A broken settings file never
stops Haven: it starts with defaults, says why, and leaves the file alone
until the person changes a setting.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine.config.ranges import BREATH_RATE, PRESENCE_DISTANCE, PRESENCE_SIZE, PRESENCE_WARMTH, VOLUME
from engine.config.userdirs import data_dir, write_private

D, W, S = PRESENCE_DISTANCE, PRESENCE_WARMTH, PRESENCE_SIZE


class PresenceChoice(BaseModel):
    """How one place's presence is for this person; None keeps the place's own."""
    model_config = ConfigDict(extra="ignore")
    distance: float | None = Field(None, ge=D.lo, le=D.hi)
    warmth: float | None = Field(None, ge=W.lo, le=W.hi)
    size: float | None = Field(None, ge=S.lo, le=S.hi)
    colour: str | None = Field(None, pattern=r"^#[0-9a-fA-F]{6}$")
    away: bool = False
    """Sent back: far off and dimmer, until asked back."""
    in_view: bool | None = None
    """False: it rests beside / behind, out of view; None: as the place says."""


PacerStyle = Literal["place", "bloom", "tide", "none"]
PACER_STYLES: tuple[str, ...] = ("place", "bloom", "tide", "none")


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")
    reduced_motion: bool = False
    camera_drift: bool = True
    show_help: bool = True
    volume: float = Field(0.8, ge=VOLUME.lo, le=VOLUME.hi)
    last_place: str | None = None
    last_practice: str | None = None
    """The practice last begun from home ('' for just being in the place)."""
    welcomed: bool = False
    """The first-time welcome has been seen."""
    caption_size: float = Field(1.0, ge=0.6, le=2.0)
    # breathing light
    pacing: bool = True
    """False: the light never paces the breath (some people dislike being paced)."""
    breath_swing: float = Field(0.04, ge=0, le=0.2)
    """Peak-to-trough change of the key light with the breath (0.04: +-2 %; a
    frame's mean luminance then swings about 4.7 %: see docs/practice/README.md)."""
    pacer_style: PacerStyle = "place"
    """The breathing guide: the place's own light, a bloom, a tide line, or none."""
    pacer_strength: float = Field(1.0, ge=0.2, le=1.0)
    """How strongly the guide swells (1: the full, easy-to-follow swing)."""
    breath_halo: bool = True
    breath_captions: bool = False
    breath_sound: bool = False
    breath_rate: float | None = Field(None, ge=BREATH_RATE.lo, le=BREATH_RATE.hi)
    natural_rate: float | None = Field(None, ge=1, le=40)
    """Measured with 'find my natural rate'; the ramp starts from it (held to 3-12)."""
    show_breath_numbers: bool = False
    # the presence: None keeps the place's own setting
    presence_distance: float | None = Field(None, ge=D.lo, le=D.hi)
    presence_warmth: float | None = Field(None, ge=W.lo, le=W.hi)
    presence_size: float | None = Field(None, ge=S.lo, le=S.hi)
    presence_away: bool = False
    """True: it stays far off, at the edge of the place, until asked back.
    (The four presence_* fields are the old, global choice: still read, for
    places the person has not titrated since; new choices go in `presence`.)"""
    presence_comes: Literal["ask", "always", "never"] = "ask"
    """Whether company comes in a practice: 'ask' (only when the practice
    invites it and the person says yes), 'always' (yes in advance), 'never'."""
    presence: dict[str, "PresenceChoice"] = {}
    """The person's titration of each place's presence, by place name."""
    # practice
    captions: bool = True
    voice: Literal["captions", "natural", "speech", "recorded"] = "captions"
    """natural: your recordings, else the natural voice; speech: the basic voice (espeak-ng)."""
    breath_voice: bool = False
    """The voice softly says "in" and "out" with the breathing light (for eyes closed)."""
    colour: str = Field("#f0a860", pattern=r"^#[0-9a-fA-F]{6}$")
    """The compassionate colour the person chose."""
    # the imagery ladder and self-ratings
    ladder_step: int = Field(0, ge=0, le=4)
    """0 full scene, 1 softened, 2 silhouettes in mist, 3 sound only, 4 eyes closed."""
    ask_ratings: bool = True
    gently: bool = False
    """The gentle route for warm practices (Practice.gentle): eyes open welcome,
    a pause to notice before warmth, shorter silences; company still only if asked."""
    support_line: str = Field("", max_length=120)
    """The person's own support (a friend, a therapist, a helpline), shown with
    the care words after 'too much' and when the questions after show distress."""
    practice_options: dict[str, str] = {}
    """What the person chose last in each practice that offers a choice (by practice name)."""
    """Offer the optional 0-10 sliders before and after a practice."""

    def presence_for(self, place: str) -> PresenceChoice:
        """The person's choice for this place's presence (the old global
        fields stand in where the place has no choice of its own yet)."""
        if place in self.presence:
            return self.presence[place]
        return PresenceChoice(distance=self.presence_distance, warmth=self.presence_warmth,
                              size=self.presence_size, away=self.presence_away)

    def with_presence(self, place: str, **changes) -> "Settings":
        """A copy with this place's presence choice changed (validated)."""
        choice = PresenceChoice.model_validate({**self.presence_for(place).model_dump(), **changes})
        return self.model_copy(update={"presence": {**self.presence, place: choice}})


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


class SettingsOwner:
    """The one owner of the person's settings while Haven runs.

    The window, the director and the session controls all read ``value``;
    every change goes through ``change`` (or ``change_presence``), which
    keeps it on disk and tells whoever listens. A save that fails is said
    once for each reason (``problem`` holds it for the window to show) and
    the last kept file stays as it was.
    """

    def __init__(self, value: Settings | None = None, keep: bool = True):
        self.value = value or Settings()
        self.keep = keep
        self.problem: str | None = None
        self.listeners: list = []

    def change(self, **updates) -> Settings:
        self.value = self.value.model_copy(update=updates)
        self._changed(tuple(updates))
        return self.value

    def change_presence(self, place: str, **updates) -> Settings:
        self.value = self.value.with_presence(place, **updates)
        self._changed(("presence",))
        return self.value

    def _changed(self, names: tuple[str, ...]) -> None:
        self.save()
        for listener in self.listeners:
            listener(names)

    def save(self) -> None:
        if not self.keep:
            return
        from engine.config.userdirs import plain_reason
        try:
            save_settings(self.value)
        except OSError as exc:
            reason = plain_reason(exc)
            if reason != self.problem:
                self.problem = reason
                import sys
                print(f"haven: settings not saved ({reason}); the last kept settings stay as they were",
                      file=sys.stderr)
