"""Warm layers: a crackling fire, distant wind chimes, a consonant pad.

Each returns float32 (n, 2) at RATE, unscaled (synth.py sets the level).
"""
from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from engine.audio import RATE
from engine.audio.envelope import edge_taper, event_times, pan_gains, raised_cos
from engine.audio.noise import F32, capped, filt, level, pink, sine, stereo, wander


def _samples(seconds: float) -> int:
    return max(int(round(seconds * RATE)), 1)


def _crackles(rng, n: int, per_second: float, cap: float) -> np.ndarray:
    """Stereo crackle train: clusters of micro-impulses, sizes capped.

    A crackle is 1-5 impulses within ~15 ms; sizes are exponential but cut at
    ``cap`` so the fire never pops loudly - it stays gentle on headphones.
    """
    seconds = n / RATE
    times = event_times(rng, seconds, 1 / per_second, jitter=1.0)
    knots = np.arange(0, seconds + 3, 2.0)
    keep = rng.uniform(size=len(times)) < np.interp(times, knots, rng.uniform(0.2, 1, len(knots)))
    times = times[keep]
    sub = rng.integers(1, 6, len(times))
    at = np.repeat(times, sub) + rng.uniform(0, 0.015, sub.sum())
    pos = np.clip((at * RATE).astype(np.int64), 0, n - 1)
    size = np.minimum(rng.exponential(1.0, len(pos)), cap).astype(F32)
    gl, gr = pan_gains(np.repeat(rng.uniform(-0.5, 0.5, len(times)), sub).astype(F32))
    train = np.zeros((2, n), F32)
    np.add.at(train[0], pos, size * gl)
    np.add.at(train[1], pos, size * gr)
    a = np.exp(-1.0 / (0.0008 * RATE))
    return lfilter(np.float32([1 - a]), np.float32([1, -a]), train, axis=1).T


def fire(seconds: float, seed: int) -> np.ndarray:
    """A crackling fire: a low flickering rumble, a soft hiss, gentle capped crackles."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    flicker = (wander(rng, n, 2.5, 0.55, 1.0) * wander(rng, n, 0.12, 0.7, 1.0))[:, None]
    rumble = level(filt(stereo(rng, n, 0.8, pink), "bandpass", [60, 400]), 0.1) * flicker
    hiss = level(filt(stereo(rng, n, 0.3, pink), "bandpass", [1500, 6000]), 0.02) * flicker
    crack = capped(filt(_crackles(rng, n, 9, 3.0), "bandpass", [700, 6500]), 0.18)
    embers = capped(filt(_crackles(rng, n, 70, 1.5), "highpass", 3000), 0.04)
    return rumble + hiss + crack + embers


PENTATONIC = np.array([0, 2, 4, 7, 9, 12, 14])  # semitones: a major pentatonic
RATIOS = np.array([1.0, 2.756, 5.404, 8.933])     # free-free tube/bar modes: inharmonic
PARTIAL_GAIN = np.array([1.0, 0.55, 0.28, 0.12])


def _strike(f: float, amp: float, rng) -> np.ndarray:
    """One soft mallet strike on a tube: inharmonic partials, slow beating, long decay."""
    length = 6.0
    t = np.arange(int(length * RATE), dtype=F32) / F32(RATE)
    out = np.zeros(len(t), F32)
    for ratio, gain in zip(RATIOS, PARTIAL_GAIN):
        fr = f * ratio
        if fr > 9000:
            break
        tau = F32(2.8 / ratio ** 0.7)
        beat = 1 + F32(0.25) * np.sin(F32(2 * np.pi * rng.uniform(0.3, 1.2)) * t)
        out += sine(fr, len(t), rng.uniform()) * (F32(gain) * np.exp(-t / tau)) * beat
    k = int(0.003 * RATE)
    out[:k] *= raised_cos(k)
    return out * edge_taper(len(t), 0.3) * F32(amp)


def chimes(seconds: float, seed: int) -> np.ndarray:
    """Distant wind chimes: sparse pentatonic clusters when a breeze passes."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    out = np.zeros((n, 2), F32)
    root = 440.0 * 2 ** (rng.choice([3, 5, 7, 10]) / 12)  # C5, D5, E5 or G5
    tubes = root * 2 ** (PENTATONIC[rng.permutation(7)[:5]] / 12)
    pans = np.linspace(-0.35, 0.35, 5)
    for gust in event_times(rng, seconds, 9.0, jitter=0.7, start=rng.uniform(0.3, 3.0)):
        hits = gust + np.cumsum(rng.uniform(0.12, 0.7, rng.integers(1, 7)))
        for t, tube in zip(hits, rng.integers(0, 5, len(hits))):
            start = int(t * RATE)
            if start >= n:
                break
            g = _strike(tubes[tube], rng.uniform(0.25, 1.0), rng)[: n - start]
            gl, gr = pan_gains(np.array([pans[tube]]))
            out[start:start + len(g), 0] += g * gl[0]
            out[start:start + len(g), 1] += g * gr[0]
    return filt(out, "lowpass", 4500)


def _table(partials: np.ndarray, size: int = 4096) -> np.ndarray:
    """One cycle of a soft waveform with the given partial amplitudes."""
    ph = np.arange(size + 1) / size
    k = np.arange(1, len(partials) + 1)
    return (np.sin(2 * np.pi * np.outer(ph, k)) @ partials).astype(F32)


SUB = 4  # the pad lives below 1 kHz: synthesise at RATE / 4, interpolate up


def _voice(freq: float, n: int, table: np.ndarray, phase: float, rate: float) -> np.ndarray:
    """Wavetable oscillator, linear interpolation; block phases keep float32 exact."""
    block, size = 1024, len(table) - 1
    a = (freq * block / rate * np.arange(-(-n // block)) + phase) % 1.0
    b = (freq / rate * np.arange(block)).astype(F32)
    pos = a.astype(F32)[:, None] + b
    pos = ((pos - np.floor(pos)) * F32(size)).ravel()[:n]
    i = pos.astype(np.int32)
    frac = pos - i
    lo = table[i]
    return lo + frac * (table[i + 1] - lo)


def _stretch(x: np.ndarray, factor: int, n: int) -> np.ndarray:
    """Linear interpolation up by ``factor``; images land far above the pad's lowpass."""
    w = (np.arange(factor, dtype=F32) / F32(factor))[None, :, None]
    up = x[:-1, None, :] * (1 - w) + x[1:, None, :] * w
    return up.reshape(-1, x.shape[1])[:n]


def pad(seconds: float, seed: int) -> np.ndarray:
    """A warm drone chord (root, fifth, octave, tenth) that breathes slowly.

    Each note is two slightly detuned voices, one leaning left and one
    right, so the chord shimmers gently; levels swell on ~10-16 s cycles.
    Synthesised at a quarter of the rate (all of it is under 1 kHz).
    """
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    rate, m = RATE / SUB, n // SUB + 2
    t = np.arange(m) / rate
    root = rng.choice([98.0, 110.0, 130.81, 146.83])
    table = _table(np.array([1.0, 0.35, 0.15, 0.07, 0.03]))
    low = np.zeros((m, 2), F32)
    t_breath = rng.uniform(10, 16)
    for ratio, gain in zip((1.0, 1.5, 2.0, 2.5), (1.0, 0.7, 0.55, 0.4)):
        knots = np.arange(0, t[-1] + 41, 20.0)
        drift = np.interp(t, knots, rng.uniform(0.5, 1.0, len(knots)))
        breath = np.sin(2 * np.pi * t / t_breath + rng.uniform(0, 6.3))
        swell = (0.8 + 0.2 * breath * drift).astype(F32)
        for ch, cents in ((0, -4.0), (1, 4.0)):
            f = root * ratio * 2 ** ((cents + rng.uniform(-1.5, 1.5)) / 1200)
            low[:, ch] += _voice(f, m, table, rng.uniform(), rate) * swell * F32(gain)
    return filt(_stretch(low, SUB, n), "lowpass", 900)
