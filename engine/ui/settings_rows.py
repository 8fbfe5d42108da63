"""Every setting Haven remembers, as rows a person can see and change
(pure: no Ursina). Each row says its value in words and gives the change
one step left or right makes; the settings page draws them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.config.ranges import BREATH_RATE, PRESENCE_DISTANCE
from engine.config.settings import Settings
from engine.core.colours import SUGGESTIONS, colour_words
from engine.core.ladder import STEPS
from engine.core.pacer_guide import STYLE_WORDS, STYLES
from engine.ui.home_model import VOICES

CAPTION_SIZES = (0.8, 1.0, 1.25, 1.5)
COLOURS = tuple(hx for _, hx in SUGGESTIONS)   # the picker's swatches (K in a place mixes one's own)


def _on(v: bool) -> str:
    return "on" if v else "off"


def _cycle(options: tuple, now, step: int):
    i = options.index(now) if now in options else 0
    return options[(i + step) % len(options)]


def _flip(name: str) -> Callable[[Settings, int], dict]:
    return lambda s, step: {name: not getattr(s, name)}


def _rate(s: Settings, step: int) -> dict:
    """None (the practice's own pace) <-> 3 ... 12 breaths a minute in halves."""
    if s.breath_rate is None:
        return {"breath_rate": 6.0 if step > 0 else None}
    v = round(s.breath_rate + 0.5 * step, 1)
    return {"breath_rate": None if v < BREATH_RATE.lo else min(v, BREATH_RATE.hi)}


def _distance(s: Settings, step: int) -> dict:
    """None (as each place has it) <-> 2 ... 20 m."""
    now = s.presence_distance
    if now is None:
        return {"presence_distance": 8.0 if step > 0 else None}
    v = now + 1.0 * step
    return {"presence_distance": None if v < 2.0 else min(v, 20.0, PRESENCE_DISTANCE.hi)}


def _warmth(s: Settings, step: int) -> dict:
    now = s.presence_warmth
    if now is None:
        return {"presence_warmth": 0.5 if step > 0 else None}
    v = round(now + 0.1 * step, 2)
    return {"presence_warmth": None if v < 0 else min(v, 1.0)}


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    show: Callable[[Settings], str]
    change: Callable[[Settings, int], dict] | None
    """None: shown only (changed elsewhere, or cleared with Backspace)."""
    clear: dict | None = None
    """What Backspace puts back (a measured or kept value forgotten)."""
    typed: str | None = None
    """A setting written in words: Enter opens a line to type it (this names the field)."""


def _same(name: str) -> str:
    return name


def rows(place_title: Callable[[str], str] = _same, practice_title: Callable[[str], str] = _same) -> list[Row]:
    """Every row; places and practices are named by ``place_title`` and
    ``practice_title`` (the settings page passes their titles)."""
    voices = dict(VOICES)
    return [
        Row("voice", "Voice", lambda s: voices[s.voice],
            lambda s, k: {"voice": _cycle(tuple(voices), s.voice, k)}),
        Row("volume", "Volume", lambda s: f"{round(s.volume * 100)} %",
            lambda s, k: {"volume": round(min(max(s.volume + 0.1 * k, 0.0), 1.0), 2)}),
        Row("caption_size", "Caption size", lambda s: {0.8: "small", 1.0: "medium", 1.25: "large", 1.5: "largest"}
            .get(s.caption_size, f"{s.caption_size:g}"), lambda s, k: {"caption_size": _cycle(CAPTION_SIZES, s.caption_size, k)}),
        Row("captions", "Captions", lambda s: _on(s.captions), _flip("captions")),
        Row("pacing", "Breathing light", lambda s: _on(s.pacing), _flip("pacing")),
        Row("pacer_style", "  what it is", lambda s: STYLE_WORDS[s.pacer_style],
            lambda s, k: {"pacer_style": _cycle(STYLES, s.pacer_style, k)}),
        Row("pacer_strength", "  how strongly it shows", lambda s: f"{round(s.pacer_strength * 100)} %",
            lambda s, k: {"pacer_strength": round(min(max(s.pacer_strength + 0.2 * k, 0.2), 1.0), 2)}),
        Row("breath_captions", "  its words (breathing in, out)", lambda s: _on(s.breath_captions), _flip("breath_captions")),
        Row("breath_halo", "  its halo at the edge", lambda s: _on(s.breath_halo), _flip("breath_halo")),
        Row("breath_sound", "  its soft sound", lambda s: _on(s.breath_sound), _flip("breath_sound")),
        Row("breath_voice", "  the voice says in and out", lambda s: _on(s.breath_voice), _flip("breath_voice")),
        Row("breath_swing", "  the whole scene's swell with it", lambda s: f"{round(s.breath_swing * 100)} %",
            lambda s, k: {"breath_swing": round(min(max(s.breath_swing + 0.01 * k, 0.0), 0.2), 2)}),
        Row("breath_rate", "Breathing rate", lambda s: "the practice's own" if s.breath_rate is None
            else f"{s.breath_rate:g} a minute", _rate),
        Row("natural_rate", "My natural pace (B measures it)", lambda s: "not measured" if s.natural_rate is None
            else f"{s.natural_rate:g} a minute (Backspace forgets it)", None, {"natural_rate": None}),
        Row("show_breath_numbers", "Breath numbers while measuring", lambda s: _on(s.show_breath_numbers),
            _flip("show_breath_numbers")),
        Row("reduced_motion", "Reduced motion (a still camera)", lambda s: _on(s.reduced_motion), _flip("reduced_motion")),
        Row("camera_drift", "Slow drift of the seated view", lambda s: _on(s.camera_drift), _flip("camera_drift")),
        Row("presence_distance", "The presence's distance", lambda s: "as each place has it"
            if s.presence_distance is None else f"{s.presence_distance:g} m", _distance),
        Row("presence_warmth", "The presence's warmth", lambda s: "as each place has it"
            if s.presence_warmth is None else f"{round(s.presence_warmth * 100)} %", _warmth),
        Row("presence_size", "The presence's size", lambda s: "as each place has it"
            if s.presence_size is None else f"{round(s.presence_size * 100)} %",
            lambda s, k: {"presence_size": None if s.presence_size is None and k < 0 else
                          round(min(max((s.presence_size or 1.0) + (0.1 * k if s.presence_size else 0), 0.4), 2.0), 2)}),
        Row("gently", "Go gently (warm practices)", lambda s: "on: eyes open welcome, a pause before warmth, "
            "shorter silences" if s.gently else "off", _flip("gently")),
        Row("presence_comes", "Company in a practice", lambda s: {"ask": "only if I say yes (Y)",
            "always": "yes, whenever a practice offers it", "never": "none: I practise alone"}[s.presence_comes],
            lambda s, k: {"presence_comes": _cycle(("ask", "always", "never"), s.presence_comes, k)}),
        Row("presence_away", "The presence kept far off", lambda s: _on(s.presence_away), _flip("presence_away")),
        Row("presence", "Presence set in a place", lambda s: ", ".join(sorted(place_title(n) for n in s.presence))
            + " (Backspace resets)" if s.presence else "none", None, {"presence": {}}),
        Row("colour", "Compassionate colour", lambda s: colour_words(s.colour),
            lambda s, k: {"colour": _cycle(COLOURS, s.colour, k)}),
        Row("ladder_step", "Imagery step", lambda s: STEPS[s.ladder_step].name,
            lambda s, k: {"ladder_step": min(max(s.ladder_step + k, 0), len(STEPS) - 1)}),
        Row("practice_options", "Choices in practices", lambda s: ", ".join(f"{practice_title(k)}: {v}" for k, v in
            sorted(s.practice_options.items())) + " (C on the home screen; Backspace forgets)"
            if s.practice_options else "none yet (C on the home screen)", None, {"practice_options": {}}),
        Row("support_line", "My support (who or where to turn)", lambda s: s.support_line
            or "not set (Enter to write one)", None, {"support_line": ""}, typed="support_line"),
        Row("ask_ratings", "Questions before and after", lambda s: _on(s.ask_ratings), _flip("ask_ratings")),
        Row("show_help", "Key help in a place", lambda s: _on(s.show_help), _flip("show_help")),
        Row("welcomed", "The welcome when Haven opens", lambda s: "seen" if s.welcomed else "shown next time",
            _flip("welcomed")),
        Row("last_place", "Last place", lambda s: place_title(s.last_place) if s.last_place else "none yet", None),
        Row("last_practice", "Last practice", lambda s: {None: "none yet", "": "just being in the place"}
            .get(s.last_practice) or practice_title(s.last_practice), None),
    ]


def remembered_fields() -> set[str]:
    """The settings this page shows (a test holds it to every field Settings keeps)."""
    return {r.name for r in rows()}
