"""Warm layers: a crackling fire, distant wind chimes, a consonant pad.

Each returns float32 (n, 2) at RATE, unscaled (synth.py sets the level).
"""
from __future__ import annotations

import numpy as np
from scipy.signal import lfilter

from engine.audio import RATE
from engine.audio.envelope import Events, Parts, edge_taper, event_times, pan_gains, raised_cos, thin
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


CRACKLES = 48  # distinct crackles in a fire's bank


def _crackle_bank(rng, count: int) -> list[np.ndarray]:
    """Crackles: each 1-5 micro-impulses within ~15 ms (sizes exponential,
    capped so none pops), smoothed and band-passed, with raised-cosine edges."""
    length = int(0.04 * RATE)
    train = np.zeros((count, length), F32)
    sub = rng.integers(1, 6, count)
    row = np.repeat(np.arange(count), sub)
    pos = rng.integers(int(0.002 * RATE), int(0.017 * RATE), sub.sum())
    np.add.at(train, (row, pos), np.minimum(rng.exponential(1.0, sub.sum()), 3.0).astype(F32))
    a = np.exp(-1.0 / (0.0008 * RATE))
    smooth = lfilter(np.float32([1 - a]), np.float32([1, -a]), train, axis=1)
    crack = filt(smooth.T, "bandpass", [700, 6500]).T
    y = crack / F32(np.quantile(np.abs(crack), 0.995))
    y = y / (1 + np.abs(y)) * edge_taper(length)  # the gentle cap of noise.capped
    return list(y[:, :, None])


def _fire_bed(seconds: float, seed: int) -> np.ndarray:
    """A fire's continuous part: flickering rumble, soft hiss, a fizz of embers."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    flicker = (wander(rng, n, 2.5, 0.55, 1.0) * wander(rng, n, 0.12, 0.7, 1.0))[:, None]
    rumble = level(filt(stereo(rng, n, 0.8, pink), "bandpass", [60, 400]), 0.1) * flicker
    hiss = level(filt(stereo(rng, n, 0.3, pink), "bandpass", [1500, 6000]), 0.02) * flicker
    embers = capped(filt(_crackles(rng, n, 70, 1.5), "highpass", 3000), 0.04)
    return rumble + hiss + embers


def fire_parts(seconds: float, seed: int, cycle: int = 0) -> Parts:
    """A crackling fire: the bed (``_fire_bed``) under crackles placed afresh
    over the whole length - picked from a bank of ``CRACKLES``, each placement
    its own size and place, in clusters and lulls - so no run of them repeats.
    ``cycle`` draws another bank and placement over the same bed."""
    rng = np.random.default_rng([seed, cycle, 0xF1E])
    bank = _crackle_bank(rng, CRACKLES)
    times = thin(rng, event_times(rng, seconds, 1 / 9, jitter=1.0), 2.0, 0.2)
    gl, gr = pan_gains(rng.uniform(-0.5, 0.5, len(times)).astype(F32))
    size = rng.uniform(0.12, 0.6, len(times)).astype(F32)
    mats = np.stack([gl * size, gr * size], axis=1)[:, None, :]
    events = Events(bank, (times * RATE).astype(np.int64), rng.integers(0, CRACKLES, len(times)),
                    mats)
    return Parts(events, _fire_bed, _sub_seed(seed))


def fire(seconds: float, seed: int) -> np.ndarray:
    """A crackling fire (see ``fire_parts``) as one buffer."""
    return fire_parts(seconds, seed).render(seconds)


def _sub_seed(seed: int) -> int:
    return int(np.random.SeedSequence([seed, 0xBED]).generate_state(1)[0])


PENTATONIC = np.array([0, 2, 4, 7, 9, 12, 14])  # semitones: a major pentatonic
RATIOS = np.array([1.0, 2.756, 5.404, 8.933])     # free-free tube/bar modes: inharmonic
PARTIAL_GAIN = np.array([1.0, 0.55, 0.28, 0.12])
STRIKES = 3  # renders of each tube in a chime's bank


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


def chime_parts(seconds: float, seed: int, cycle: int = 0) -> Parts:
    """Distant wind chimes: sparse pentatonic clusters when a breeze passes.

    Five tubes, each struck ``STRIKES`` ways (its partials beating at their
    own rates), in a bank; every gust over the whole length strikes 1-6
    tubes at random, each strike its own strength - no sequence repeats.
    The tubes come from ``seed``; strikes and gusts from (seed, ``cycle``).
    """
    who = np.random.default_rng(seed)
    rng = np.random.default_rng([seed, cycle, 0xC1E])
    root = 440.0 * 2 ** (who.choice([3, 5, 7, 10]) / 12)  # C5, D5, E5 or G5
    tubes = root * 2 ** (PENTATONIC[who.permutation(7)[:5]] / 12)
    pans = np.linspace(-0.35, 0.35, 5)
    bank = [filt(_strike(f, 1.0, rng), "lowpass", 4500) for f in tubes for _ in range(STRIKES)]
    gusts = event_times(rng, seconds + 30.0, 9.0, jitter=0.7)
    gusts = gusts - gusts[0] + rng.uniform(0.3, 3.0)  # the first breeze comes soon
    hits = rng.integers(1, 7, len(gusts))
    gaps = rng.uniform(0.12, 0.7, hits.sum())
    first = np.cumsum(hits) - hits  # index of each gust's first hit
    within = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[first] - gaps[first], hits)
    times = np.repeat(gusts, hits) + within
    tube = rng.integers(0, 5, len(times))
    gl, gr = pan_gains(pans[tube])
    amp = rng.uniform(0.25, 1.0, len(times)).astype(F32)
    mats = np.stack([gl * amp, gr * amp], axis=1)[:, None, :]
    keep = times < seconds
    which = tube * STRIKES + rng.integers(0, STRIKES, len(times))
    return Parts(Events(bank, (times[keep] * RATE).astype(np.int64), which[keep], mats[keep]))


def chimes(seconds: float, seed: int) -> np.ndarray:
    """Distant wind chimes (see ``chime_parts``) as one buffer."""
    return chime_parts(seconds, seed).render(seconds)


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
