"""The layer registry: one synthesiser per SoundLayer name, at a known level.

``LAYERS[name](seconds, seed)`` returns float32 (n, 2) at RATE. Layers are
calibrated so gain 0 dB in a place file plays each at its nominal loudness
(``NOMINAL_LUFS``, measured over a minute); the place's gains then set the
balance. Same name, seconds and seed: bit-identical output.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from engine.audio import RATE
from engine.audio import synth_creatures as creatures
from engine.audio import synth_home as home
from engine.audio import synth_water as water
from engine.audio import synth_weather as weather

Layer = Callable[[float, int], np.ndarray]

_RAW: dict[str, Layer] = {
    "surf": water.surf,
    "lake": water.lake,
    "stream": water.stream,
    "fountain": water.fountain,
    "rain": weather.rain,
    "rain-window": weather.rain_window,
    "wind": weather.wind,
    "leaves": weather.leaves,
    "birds": creatures.birds,
    "crickets": creatures.crickets,
    "fire": home.fire,
    "chimes": home.chimes,
    "pad": home.pad,
}

# Event layers: discrete sounds placed afresh over the whole length (see
# envelope.Parts), so a long layer never repeats a song, strike or crackle.
_PARTS: dict[str, Callable] = {
    "birds": creatures.bird_parts,
    "chimes": home.chime_parts,
    "fire": home.fire_parts,
}
EVENT_LAYERS = frozenset(_PARTS)

# Measured loudness (LUFS, mean of seeds 0-3 over 60 s) of each raw synthesiser.
_RAW_LUFS = {
    "surf": -5.9, "lake": -17.3, "stream": -19.7, "fountain": -12.1, "rain": -19.2,
    "rain-window": -20.7, "wind": -11.1, "leaves": -18.5, "birds": -5.9, "crickets": -7.6,
    "fire": -21.5, "chimes": -5.7, "pad": 0.5,
}

# Loudness at gain 0 dB. Sparse, 'distant' layers sit lower by design.
NOMINAL_LUFS = {name: -20.0 for name in _RAW} | {"chimes": -24.0, "birds": -22.0}


def _scale(name: str) -> float:
    return float(10 ** ((NOMINAL_LUFS[name] - _RAW_LUFS[name]) / 20))


def layer_parts(name: str, seconds: float, seed: int, cycle: int = 0):
    """An event layer's parts at its nominal level: (bed renderer or None,
    bed seed, Events placed over ``seconds``). ``LAYERS[name]`` is these
    rendered in one piece; long exports tile the bed and place the events.
    ``cycle`` > 0: the same sources (birds, tubes) with fresh events."""
    parts = _PARTS[name](seconds, seed, cycle)
    scale = np.float32(_scale(name))
    raw_bed = parts.bed

    def bed(s: float, k: int) -> np.ndarray:
        return raw_bed(s, k) * scale
    return (bed if raw_bed is not None else None), parts.bed_seed, parts.events.scaled(scale)


def _whole(name: str) -> Layer:
    """An event layer in one buffer: its bed rendered whole, its events added."""
    def layer(seconds: float, seed: int) -> np.ndarray:
        bed, bed_seed, events = layer_parts(name, seconds, seed)
        n = max(int(round(seconds * RATE)), 1)
        out = np.zeros((n, 2), np.float32) if bed is None else bed(seconds, bed_seed)[:n]
        return events.add_into(out)
    return layer


def _calibrated(name: str) -> Layer:
    raw = _RAW[name]
    if name in _PARTS:
        layer = _whole(name)
        layer.__name__, layer.__doc__ = raw.__name__, _PARTS[name].__doc__
        return layer
    scale = np.float32(_scale(name))

    def layer(seconds: float, seed: int, **options) -> np.ndarray:
        return raw(seconds, seed, **options) * scale

    layer.__name__ = raw.__name__
    layer.__doc__ = raw.__doc__
    return layer


LAYERS: dict[str, Layer] = {name: _calibrated(name) for name in _RAW}


def render_layer(name: str, seconds: float, seed: int) -> np.ndarray:
    """One layer by name; ValueError names the allowed layers if unknown."""
    if name not in LAYERS:
        raise ValueError(f"unknown sound layer {name!r} (allowed: {', '.join(LAYERS)})")
    return LAYERS[name](seconds, seed)


def breath_surf(seconds: float, seed: int, swell: np.ndarray) -> np.ndarray:
    """Surf whose swell follows the breathing pacer (see synth_water.surf)."""
    return LAYERS["surf"](seconds, seed, swell=swell)


__all__ = ["EVENT_LAYERS", "LAYERS", "NOMINAL_LUFS", "RATE", "breath_surf", "layer_parts",
           "render_layer"]
