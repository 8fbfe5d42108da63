"""Living layers: birdsong and crickets.

Birds: several song types, sung by a handful of individual birds; each
bird's song is rendered a few times, each drawn afresh (pitch, tempo, note
count, contour), and the renders are placed at random times over the whole
length (see ``bird_parts``), so a long layer never repeats a stretch.
Crickets: pulsed 4-5 kHz trills with slow tempo drift and bouts.
"""
from __future__ import annotations

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import (Events, Parts, edge_taper, event_times, pan_gains,
                                   raised_cos, thin, vary_order)
from engine.audio.noise import CTRL, F32, filt, pink, sine, upsample, wander

Note = tuple[float, float, float, float, float]  # dur s, f0, f1, vibrato Hz, gap after s


def _whistle(rng, base: float) -> list[Note]:
    """Blackbird/robin-like phrase: 3-6 melodic, gliding whistled notes."""
    steps = rng.choice([0.84, 0.89, 1.0, 1.12, 1.19, 1.33], rng.integers(3, 7))
    f = base * 0.8 * np.cumprod(steps) / steps.mean()
    return [(rng.uniform(0.1, 0.3), x, x * rng.uniform(0.9, 1.12), rng.uniform(0, 9),
             rng.uniform(0.03, 0.1)) for x in np.clip(f, 1700, 4200)]


def _fee_bee(rng, base: float) -> list[Note]:
    """Two or three clear notes, the second lower: a chickadee-like 'fee-bee'."""
    f = base * rng.uniform(1.05, 1.2)
    notes = [(rng.uniform(0.22, 0.34), f, f * 0.98, 0, rng.uniform(0.04, 0.09)),
             (rng.uniform(0.25, 0.38), f * 0.86, f * 0.85, 0, 0.05)]
    return notes[: 2 if rng.uniform() < 0.7 else 1] + ([notes[1]] if rng.uniform() < 0.25 else [])


def _trill(rng, base: float) -> list[Note]:
    """A rapid run of falling syllables (wren/sparrow-like trill)."""
    count, syl = rng.integers(7, 18), rng.uniform(0.035, 0.055)
    top = base * rng.uniform(1.4, 1.8)
    fall = rng.uniform(0.97, 1.0)
    return [(syl, top * fall ** i, top * 0.62 * fall ** i, 0, syl * 0.5) for i in range(count)]


def _chirps(rng, base: float) -> list[Note]:
    """A few short arched chirps, irregularly spaced: sparrow-like calls."""
    return [(rng.uniform(0.05, 0.09), base * rng.uniform(0.85, 1.0), base * rng.uniform(1.25, 1.5),
             0, rng.uniform(0.08, 0.3)) for _ in range(rng.integers(2, 6))]


def _warble(rng, base: float) -> list[Note]:
    """A jumbled finch-like warble: many quick notes jumping around the range."""
    f = base * np.exp(rng.uniform(-0.35, 0.45, rng.integers(10, 24)))
    return [(rng.uniform(0.04, 0.09), a, a * rng.uniform(0.8, 1.25), rng.uniform(0, 30),
             rng.uniform(0.0, 0.03)) for a in f]


SONGS = (_whistle, _fee_bee, _trill, _chirps, _warble)


def _render(notes: list[Note], harmonic: float) -> np.ndarray:
    """One song as mono samples: glides, vibrato, raised-cosine note shapes."""
    freq, amp = [], []
    for dur, f0, f1, vib, gap in notes:
        m = max(int(dur * RATE), 64)
        u = np.arange(m, dtype=np.float64) / m
        f = f0 + (f1 - f0) * (3 * u * u - 2 * u ** 3)
        f *= 1 + 0.02 * np.sin(2 * np.pi * vib * u * dur)
        k = min(int(0.008 * RATE), m // 2)
        env = np.ones(m, F32)
        env[:k], env[m - k:] = raised_cos(k), raised_cos(k)[::-1]
        freq += [f, np.full(int(gap * RATE), f1)]
        amp += [env * np.sin(np.pi * u).astype(F32) ** 0.3, np.zeros(int(gap * RATE), F32)]
    phase = np.cumsum(np.concatenate(freq)) / RATE
    ph = (phase - np.floor(phase)).astype(F32)
    ph2 = (2 * phase - np.floor(2 * phase)).astype(F32)
    tone = np.sin(F32(2 * np.pi) * ph) + F32(harmonic) * np.sin(F32(2 * np.pi) * ph2)
    return tone * np.concatenate(amp)


VARIANTS = 5         # renders of each bird's song, each drawn afresh
ECHO_LAG = 0.09      # s: the song comes back off the trees, duller, from the other side
ECHO_GAIN = 0.18


def _song_grain(notes: list[Note], harmonic: float) -> np.ndarray:
    """One song as (L, 2) components: the song, and its echo (low-passed,
    ``ECHO_LAG`` later); a placement gives each its own left/right gains."""
    song = _render(notes, harmonic)
    lag, tail = int(ECHO_LAG * RATE), int(0.005 * RATE)
    grain = np.zeros((len(song) + lag + tail, 2), F32)
    grain[:len(song), 0] = song
    grain[lag:, 1] = filt(grain[:len(song) + tail, 0], "lowpass", 3000)
    return grain * edge_taper(len(grain))[:, None]


def bird_parts(seconds: float, seed: int, cycle: int = 0) -> Parts:
    """Birdsong: four to six birds of different song types around the listener.

    Each bird has its own song type, pitch, pace, place and distance; its
    song is rendered ``VARIANTS`` times, each drawn afresh (notes, contour,
    tempo), and sung at random times over the whole length - a different
    variant each time, a little louder or softer, in spells of activity and
    quiet - so however long the layer, no stretch of it repeats.
    The birds come from ``seed``; their songs and times from (seed, ``cycle``):
    the live player renders cycle after cycle of the same birds singing anew.
    """
    who = np.random.default_rng(seed)
    rng = np.random.default_rng([seed, cycle, 0xB1D])
    bank, starts, which, mats = [], [], [], []
    count = who.integers(4, 7)
    kinds = np.concatenate([who.permutation(len(SONGS)), who.integers(0, len(SONGS), 2)])[:count]
    for kind in kinds:
        pan = F32(who.uniform(-0.85, 0.85))
        near = F32(who.uniform(0.35, 1.0))
        (gl,), (gr,) = pan_gains(np.array([pan]))
        base = who.uniform(2600, 3800) * (0.85 if kind == 0 else 1.0)
        gap, start = who.uniform(3.5, 9.0), rng.uniform(0.2, 4.0)
        harmonic = who.uniform(0.02, 0.1)
        first = len(bank)
        bank += [_song_grain(SONGS[kind](rng, base * rng.uniform(0.97, 1.03)), harmonic)
                 for _ in range(VARIANTS)]
        times = thin(rng, event_times(rng, seconds, gap, jitter=0.6, start=start), 25.0, 0.4)
        loud = near * 10 ** (rng.uniform(-1.5, 1.5, len(times)) / 20)
        mat = np.array([[gl, gr], [ECHO_GAIN * gr, ECHO_GAIN * gl]], F32)
        starts.append((times * RATE).astype(np.int64))
        which.append(first + vary_order(rng, len(times), VARIANTS))
        mats.append(loud.astype(F32)[:, None, None] * mat)
    return Parts(Events(bank, np.concatenate(starts), np.concatenate(which),
                        np.concatenate(mats).reshape(-1, 2, 2)))


def birds(seconds: float, seed: int) -> np.ndarray:
    """Birdsong (see ``bird_parts``) as one buffer."""
    return bird_parts(seconds, seed).render(seconds)


def _pulses(rng, n: int) -> np.ndarray:
    """One cricket's envelope: pulses grouped into chirps, sung in bouts.

    Computed at the 1 kHz control rate (a pulse spans 10+ points) and
    interpolated up; the pulse rate drifts slowly like a real insect's.
    """
    m = n // CTRL + 2
    rate = rng.uniform(26, 45) * (1 + 0.03 * (wander(rng, m * CTRL, 0.05)[::CTRL] - 0.5))
    p = np.cumsum(rate, dtype=np.float64) * (CTRL / RATE) + rng.uniform()
    frac = (p - np.floor(p)).astype(F32)
    duty = F32(rng.uniform(0.45, 0.65))
    env = np.where(frac < duty, np.sin(np.pi * frac / duty) ** 2, 0).astype(F32)
    if rng.uniform() < 0.7:  # a chirper, not a continuous triller
        period, on = rng.integers(8, 16), rng.integers(3, 6)
        env *= (np.floor(p).astype(np.int64) % period < on)
    bouts = np.clip(wander(rng, m * CTRL, 0.06, -0.6, 1.6)[::CTRL], 0, 1)
    return upsample(env * bouts, n)


def crickets(seconds: float, seed: int) -> np.ndarray:
    """Night insects: a few crickets trilling near 4-5 kHz, a faint distant chorus."""
    rng = np.random.default_rng(seed)
    n = max(int(round(seconds * RATE)), 1)
    out = np.zeros((n, 2), F32)
    for _ in range(rng.integers(3, 6)):
        tone = sine(rng.uniform(4200, 5000), n, rng.uniform()) * _pulses(rng, n)
        gl, gr = pan_gains(np.array([rng.uniform(-0.9, 0.9)]))
        near = F32(rng.uniform(0.3, 1.0))
        out[:, 0] += tone * (gl[0] * near)
        out[:, 1] += tone * (gr[0] * near)
    chorus = filt(np.stack([pink(rng, n), pink(rng, n)], 1), "bandpass", [3800, 5600], order=4)
    throb = (0.5 + 0.5 * sine(48, n))[:, None]
    return out + chorus * throb * F32(0.25)
