"""Air and rain layers: light rain, rain on a window, soft wind, leaves.

Each returns float32 (n, 2) at RATE, unscaled (synth.py sets the level).
"""
from __future__ import annotations

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import add_grains, bubble_grains, event_times, pan_gains
from scipy.signal import lfilter

from engine.audio.noise import (F32, capped, ctrl_lowpass, ctrl_times, filt, level, pink,
                                resonate, stereo, upsample, wander)


def _samples(seconds: float) -> int:
    return max(int(round(seconds * RATE)), 1)


def _ticks(rng, n: int, per_second: float, cap: float, tau: float) -> np.ndarray:
    """A stereo train of tiny droplet impacts: random sizes, capped, panned.

    Each impulse becomes a sub-millisecond tick once band-passed; the cap
    keeps any single drop from standing out of the patter.
    """
    count = rng.poisson(per_second * n / RATE)
    pos = rng.integers(0, n, count)
    size = np.minimum(rng.exponential(1.0, count), cap).astype(F32)
    gl, gr = pan_gains(rng.uniform(-1, 1, count).astype(F32))
    train = np.zeros((2, n), F32)
    np.add.at(train[0], pos, size * gl)
    np.add.at(train[1], pos, size * gr)
    a = np.exp(-1.0 / (tau * RATE))
    return lfilter(np.float32([1 - a]), np.float32([1, -a]), train, axis=1).T


def rain(seconds: float, seed: int) -> np.ndarray:
    """Light rain: a soft broadband hush, a dense patter of tiny drops, a few plinks."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    hush = filt(stereo(rng, n, 0.2, pink), "bandpass", [400, 9000])
    hush *= (0.85 + 0.15 * wander(rng, n, 0.2))[:, None]
    patter = capped(filt(_ticks(rng, n, 900, 4.0, 0.0004), "bandpass", [1800, 9500]), 0.12)
    out = level(hush, 0.06) + patter
    times = event_times(rng, seconds, 1 / 14, jitter=1.0)
    starts = (times * RATE).astype(np.int64)
    amp = rng.uniform(0.02, 0.08, (len(starts), 1)).astype(F32)
    pan = rng.uniform(-0.9, 0.9, len(starts)).astype(F32)
    for sel, g in bubble_grains(rng, len(starts), 1800, 5500, rise=(0.05, 0.2)):
        add_grains(out, starts[sel], g * amp[sel], pan[sel])
    return out


def rain_window(seconds: float, seed: int) -> np.ndarray:
    """Rain on a window pane: muffled rain outside, glassy ticks of drops on the pane."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    outside = filt(stereo(rng, n, 0.5, pink), "lowpass", 1100)
    outside *= (0.8 + 0.2 * wander(rng, n, 0.15))[:, None]
    drops = _ticks(rng, n, 28, 3.0, 0.0003)
    modes = np.array([2250.0, 3650.0, 5350.0]) * rng.uniform(0.96, 1.04, 3)
    glass = np.zeros((n, 2), F32)
    for f, gain, decay in zip(modes, (1.0, 0.7, 0.45), (0.012, 0.008, 0.005)):
        for ch in (0, 1):
            glass[:, ch] += resonate(drops[:, ch], f, decay) * F32(gain)
    tick = filt(drops, "highpass", 2500)
    return level(outside, 0.06) + capped(glass, 0.25) + capped(tick, 0.04)


def _gusts(rng, n: int, hz: float) -> np.ndarray:
    """A slow 0.15-1 gust curve, squared for contrast between lulls and gusts."""
    g = wander(rng, n, hz, 0.35, 1.0)
    return g * g


def wind(seconds: float, seed: int) -> np.ndarray:
    """Soft wind: band-passed noise whose level and brightness breathe with gusts."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    g = _gusts(rng, n, 0.12)[:, None]
    src = stereo(rng, n, 0.3, pink)
    low = filt(src, "bandpass", [70, 320])
    mid = filt(src, "bandpass", [280, 750], order=2)
    high = filt(src, "bandpass", [650, 1500], order=2)
    sway = wander(rng, n, 0.07, -0.5, 0.5)
    gl, gr = pan_gains(sway)
    out = low * (0.5 + 0.5 * g) + mid * (0.9 * g) + high * (0.6 * g * g)
    out[:, 0] *= gl * F32(np.sqrt(2))
    out[:, 1] *= gr * F32(np.sqrt(2))
    return out


def _rustle(rng, n: int) -> np.ndarray:
    """Fast, spiky random amplitude per channel: leaves flicking, 1 kHz control."""
    fast = rng.uniform(0, 1, (len(ctrl_times(n)), 2)).astype(F32)
    fast = ctrl_lowpass(fast - F32(0.5), 30) * F32(4) + F32(0.5)
    spiky = np.clip(fast, 0.05, 1.2) ** 2
    return np.stack([upsample(spiky[:, c], n) for c in (0, 1)], axis=1)


def leaves(seconds: float, seed: int) -> np.ndarray:
    """Wind through leaves: bright rustling that swells with gusts, a faint breeze.

    Peaks of the rustle are tamed first (capped), then the slow gust curve is
    applied, so the swells keep their full rise and fall.
    """
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    hiss = filt(stereo(rng, n, 0.15, pink), "bandpass", [1800, 10000])
    breeze = filt(stereo(rng, n, 0.4, pink), "bandpass", [100, 500])
    gust = wander(rng, n, 0.15, 0.2, 1.0)[:, None]
    return capped(hiss * _rustle(rng, n), 0.4) * gust + level(breeze, 0.01)
