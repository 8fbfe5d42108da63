"""Room tone: the quiet the calm way out settles into (pure numpy, plus a
small live player).

When a person leaves the practice (G, the pause screen, a practice's own
return) the place's sound recedes and a room tone comes up in its place: a
soft, low, steady noise bed like the air of a quiet room - brown noise
between about 50 and 500 Hz, a trace of pink "air" well below it (so small
speakers still carry a little of it), a gentle
stereo spread, no events and no pitch, its level wandering by well under a
decibel. It sits ROOM_BELOW_DB under the place's own level, so it is heard
as quiet, never as a new sound arriving.

The director's state says how far it has come up (`state.room`, 0..1, on
the session clock). Exports and renders take it as one more automation
entry (`ROOM_KEY`: (t, 0..1) points) and `add_room_tone` lays it over the
mix; the running app plays `LiveRoomTone`, a seamless loop whose volume
follows the same value each frame.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from engine.audio import RATE
from engine.audio.noise import F32, filt, pink, stereo, upsample, wander, white, CTRL
from engine.audio.loudness import TARGET_LUFS, integrated

ROOM_KEY = "room-tone"    # its automation entry: (t, amount 0..1) points
ROOM_BELOW_DB = 14.0      # under the place's own level (the place sums to TARGET_LUFS)
NOMINAL_LUFS = TARGET_LUFS
LOOP_SECONDS = 30.0
XFADE = 2.0
SEED = 7321


def _brown(rng: np.random.Generator, n: int) -> np.ndarray:
    """Brown (-6 dB/octave) noise: white through a very low one-pole low-pass
    (a leaky integrator, so it never drifts off)."""
    return filt(white(rng, n), "lowpass", 40.0, order=1)


def room_tone(seconds: float, seed: int = SEED) -> np.ndarray:
    """(n, 2) float32: `seconds` of room tone at NOMINAL_LUFS integrated."""
    n = max(int(round(seconds * RATE)), 1)
    rng = np.random.default_rng(seed)
    low = stereo(rng, n, 0.55, source=_brown)
    low = filt(filt(low, "highpass", 50.0), "lowpass", 500.0)
    air = filt(filt(stereo(rng, n, 0.3, source=pink), "lowpass", 2500.0), "highpass", 200.0)
    x = low / F32(max(float(np.std(low)), 1e-9)) + air * F32(0.22 / max(float(np.std(air)), 1e-9))
    sway = 10 ** (wander(rng, n, 0.05, -0.35, 0.35) / 20)   # under a decibel, very slow
    x = (x * sway[:, None]).astype(F32)
    now = integrated(x) if seconds >= 0.5 else -30.0
    return (x * F32(10 ** ((NOMINAL_LUFS - now) / 20))).astype(F32)


def room_loop(seconds: float = LOOP_SECONDS, seed: int = SEED) -> np.ndarray:
    """A seamless loop of room tone (its tail crossfaded into its head)."""
    from engine.audio.loops import make_loop
    n, k = int(round(seconds * RATE)), int(round(XFADE * RATE))
    return make_loop(room_tone((n + k) / RATE + 0.01, seed), n, k)


def room_points(states: Sequence) -> list[tuple[float, float]]:
    """(t, amount) points of the director's `room` over sampled states, flat
    runs reduced to their ends; [] when the room tone never comes up."""
    pts: list[tuple[float, float]] = []
    for s in states:
        v = float(getattr(s, "room", 0.0))
        if len(pts) >= 2 and abs(pts[-1][1] - v) < 1e-5 and abs(pts[-2][1] - v) < 1e-5:
            pts[-1] = (s.t, v)
        else:
            pts.append((s.t, v))
    return pts if any(v > 1e-4 for _, v in pts) else []


def amount_curve(points: Sequence[tuple[float, float]], n: int) -> np.ndarray:
    """The points as an n-sample gain 0..1 (linear between points, which are
    already a smooth glide sampled every quarter second)."""
    t = np.arange(n // CTRL + 2, dtype=np.float64) * (CTRL / RATE)
    ts, vs = zip(*points)
    return upsample(np.interp(t, ts, vs).astype(F32), n)


def place_level_db(place) -> float:
    """Gain for room tone at NOMINAL_LUFS so that it sits ROOM_BELOW_DB under
    the place's unmastered mix (the layers at their nominal levels and gains;
    see live.makeup_db, which brings that sum to TARGET_LUFS)."""
    from engine.audio.loops import makeup_db
    return -makeup_db(place.sounds) - ROOM_BELOW_DB if place.sounds else -ROOM_BELOW_DB - 20.0


def add_room_tone(bed: np.ndarray, place, automation: dict | None, seed: int = SEED) -> np.ndarray:
    """The mix with the room tone laid over it where the automation brings
    it up (ROOM_KEY); the bed unchanged when it never does."""
    points = (automation or {}).get(ROOM_KEY)
    if not points:
        return bed
    n = bed.shape[0]
    first = next(i for i, (_, v) in enumerate(points) if v > 1e-4)
    a = max(int((points[max(first - 1, 0)][0]) * RATE), 0)
    if a >= n:
        return bed
    gain = amount_curve(points, n)[a:] * F32(10 ** (place_level_db(place) / 20))
    tone = room_tone((n - a) / RATE, seed)
    bed[a:] += tone[: n - a] * gain[:, None]
    return bed


LOOP_VERSION = 1   # raise when room_tone's sound changes: a new cache file is made


def loop_cache_path() -> Path:
    """Where the made loop is kept between sessions: ``<data>/cache/``."""
    from engine.config.userdirs import data_dir
    return data_dir() / "cache" / f"room-tone-v{LOOP_VERSION}-{SEED}.wav"


def _loop_bytes() -> int:
    return 44 + int(round(LOOP_SECONDS * RATE)) * 2 * 2   # 16-bit stereo WAV


def cached_loop(folder: Callable[[], Path]) -> Path:
    """The room tone loop as a WAV: the cached one when it is whole, else
    made now (seeded, so always the same sound) and kept in the cache for the
    next session; in the private folder ``folder()`` gives (asked for only
    then) when the cache cannot be written (a read-only or full data folder)."""
    from engine.audio.soundscape import write_wav
    from engine.config.userdirs import ensure_dir
    from engine.audio.loops import _give_back_memory
    cached = loop_cache_path()
    try:
        if cached.stat().st_size == _loop_bytes():
            return cached
    except OSError:
        pass
    loop = room_loop()
    try:
        ensure_dir(cached.parent)
        write_wav(cached, loop)   # atomic: temp file, then rename
        os.chmod(cached, 0o600)
        path = cached
    except OSError:
        path = folder() / "room-tone.wav"
        write_wav(path, loop)
    del loop
    _give_back_memory()   # the loop's float64 filter passes stay in the thread's arena otherwise
    return path


__all__ = ["ROOM_BELOW_DB", "ROOM_KEY", "add_room_tone", "room_loop", "room_points", "room_tone"]
