"""Water layers: ocean surf, lake lapping, a stream over stones, a fountain.

Each returns float32 (n, 2) at RATE, unscaled (synth.py sets the level).
"""
from __future__ import annotations

import numpy as np
from scipy import signal

from engine.audio import RATE
from engine.audio.envelope import add_grains, bubble_grains, event_times, pan_gains
from engine.audio.noise import (CTRL, F32, ctrl_lowpass, ctrl_times, filt, pink, stereo, upsample,
                                wander, white)


def _samples(seconds: float) -> int:
    return max(int(round(seconds * RATE)), 1)


def _wave_shape(s: np.ndarray, rise: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """One swell: smooth sin^2 build over ``rise`` s, then exponential wash-out."""
    up = np.sin(np.pi / 2 * np.clip(s / rise, 0, 1)) ** 2
    down = np.exp(-np.maximum(s - rise, 0) / tau)
    return np.where(s < 0, 0, up * down).astype(F32)


def _periods(rng: np.random.Generator, count: int) -> np.ndarray:
    """Wave periods in 8-14 s that drift from wave to wave, as sets of swell do.

    A bounded random walk (reflected at the limits) plus a little jitter:
    neighbouring waves are alike, the sea still never settles into a loop.
    """
    walk = 11 + np.cumsum(rng.normal(0, 0.6, count))
    walk = 8.5 + np.abs((walk - 8.5) % 10 - 5)  # reflect into [8.5, 13.5]
    return walk + rng.uniform(-0.5, 0.5, count)


def _swells(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Envelopes of waves arriving every 8-14 s (body, break hiss, fizz, pan),
    at the audio rate (see ``swell_env``)."""
    return {key: upsample(v, n) for key, v in swell_env(rng, n).items()}


def swell_env(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Envelopes of waves arriving every 8-14 s: body, break hiss, fizz, pan,
    at the 1 kHz control rate (n // CTRL + 2 points for n audio samples).

    Each sample sums its own wave and the previous one, so the tail of a
    wave runs on under the next: envelopes stay continuous (no steps).
    """
    seconds = n / RATE
    periods = _periods(rng, int(seconds / 8) + 4)
    onsets = np.cumsum(periods) - periods[0] - rng.uniform(0, 12)
    amp = rng.uniform(0.55, 1.0, len(onsets)).astype(F32)
    pan = rng.uniform(-0.6, 0.6, len(onsets))
    drift = rng.uniform(-0.05, 0.05, len(onsets))
    t = ctrl_times(n)
    k = np.searchsorted(onsets, t, side="right") - 1
    env = {"body": 0, "hiss": 0, "fizz": 0}
    pan_t = np.zeros(len(t), F32)
    for back in (0, 1):
        j = np.maximum(k - back, 0)
        s = (t - onsets[j]).astype(F32)
        rise = (0.35 * periods[j]).astype(F32)
        a = amp[j] * (1 if back == 0 else (k - back >= 0))
        env["body"] = env["body"] + a * _wave_shape(s, rise, 0.3 * periods[j].astype(F32))
        env["hiss"] = env["hiss"] + a * _wave_shape(s - 0.8 * rise, 0.2 * rise, F32(1.4))
        wash = 0.22 * periods[j].astype(F32)
        env["fizz"] = env["fizz"] + a * _wave_shape(s - rise, 0.15 * rise, wash)
        if back == 0:
            pan_t = (pan[j] + drift[j] * s).astype(F32)
    env["pan"] = np.clip(pan_t, -0.8, 0.8)
    return env


def _breath_swells(swell: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Envelopes that follow a breathing curve, at the audio rate (see ``breath_env``)."""
    m = n // CTRL + 2
    return {key: upsample(v, n) for key, v in breath_env(np.resize(np.asarray(swell, F32), m)).items()}


def breath_env(swell: np.ndarray) -> dict[str, np.ndarray]:
    """Wave envelopes that follow a breathing curve (0..1 at the 1 kHz control rate).

    The sea rises with the in-breath and breaks softly at its top: as the
    curve climbs its last fifth, the break's hiss builds, then dies away over
    about 1.4 s as a real break does (not held while the breath is); the wash
    fizzes on after it, fading over about 2.4 s into the out-breath. Each is a
    leaky sum of the climb, so a shallow breath makes a small break.
    """
    s = np.clip(np.asarray(swell, np.float32), 0, 1)
    climb = np.maximum(np.diff(np.clip((s - 0.8) / 0.2, 0, 1), prepend=0), 0).astype(np.float64)
    step = CTRL / RATE
    hiss = signal.lfilter([1.0], [1.0, -np.exp(-step / 1.4)], climb)
    fizz = signal.lfilter([1.0], [1.0, -np.exp(-step / 2.4)], climb)
    return {"body": s, "hiss": np.clip(hiss, 0, 1).astype(F32),
            "fizz": np.clip(ctrl_lowpass(fizz, 1.5), 0, 1), "pan": np.zeros(len(s), F32)}


def surf(seconds: float, seed: int, swell: np.ndarray | None = None) -> np.ndarray:
    """Ocean surf: a low roar, swells that build, break with a hiss, and fizz out.

    ``swell``: an optional breathing curve (0 = out, 1 = in, sampled at the
    1 kHz control rate, e.g. the pacer's level at ``ctrl_times(n)``) that the
    waves then follow instead of their own 8-14 s rhythm.
    """
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    env = _swells(rng, n) if swell is None else _breath_swells(swell, n)
    body, hiss, fizz, flutter = _surf_noises(rng, n)
    return surf_from(body, hiss, fizz, env, flutter=flutter)


def _surf_noises(rng: np.random.Generator, n: int):
    """The sea's textures, before any wave shapes them: a low stereo roar,
    the break's hiss, the fizz of the wash, and the fizz's flutter."""
    body = filt(stereo(rng, n, 0.5, pink), "bandpass", [60, 800])
    hiss = filt(white(rng, n), "bandpass", [1200, 7000])
    flutter = 0.6 + 0.4 * wander(rng, n, 35)
    fizz = filt(white(rng, n), "highpass", 3000)
    return body, hiss, fizz, flutter


def surf_from(body: np.ndarray, hiss: np.ndarray, fizz: np.ndarray, env: dict[str, np.ndarray],
              depth: float = 1.3, flutter: np.ndarray | None = None) -> np.ndarray:
    """Surf from its textures and audio-rate wave envelopes (``swell_env``,
    ``breath_env`` upsampled); writes into ``body``. ``depth``: how far the
    roar rises on top of its 0.35 floor as a wave comes in; ``flutter``: the
    fizz's flutter, unless ``fizz`` already carries it."""
    body *= (0.35 + depth * env["body"])[:, None]
    hiss = hiss * env["hiss"]
    fizz = fizz * env["fizz"] * flutter if flutter is not None else fizz * env["fizz"]
    gl, gr = pan_gains(env["pan"])
    top = hiss * F32(0.5) + fizz * F32(0.22)
    out = body
    out[:, 0] += top * gl
    out[:, 1] += top * gr
    return out


def surf_textures(seconds: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(roar, top) for long breath-locked surf: the stereo roar, and the hiss
    and the fizz side by side as two channels (never to be swapped)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x5E4]))
    body, hiss, fizz, flutter = _surf_noises(rng, _samples(seconds))
    return body, np.stack([hiss, fizz * flutter], axis=1)


def _slaps(rng, n: int, mean_gap: float, attack: float, decay: float) -> np.ndarray:
    """Sum of smooth attack/decay bumps at irregular times (sample-rate curve)."""
    return upsample(slap_env(rng, n, mean_gap, attack, decay), n)


def slap_env(rng, n: int, mean_gap: float, attack: float, decay: float) -> np.ndarray:
    """Sum of smooth attack/decay bumps at irregular times (1 kHz control curve)."""
    times = event_times(rng, n / RATE, mean_gap, jitter=0.45)
    t = ctrl_times(n)
    if len(times) == 0:   # too short for a single wavelet (an export of a fraction of a second)
        return np.zeros(len(t), F32)
    k = np.searchsorted(times, t, side="right") - 1
    amp = rng.uniform(0.35, 1.0, len(times) + 1).astype(F32)
    env = np.zeros(len(t), F32)
    for back in (0, 1, 2):
        j = k - back
        s = (t - times[np.maximum(j, 0)]).astype(F32)
        bump = (1 - np.exp(-s / F32(attack))) * np.exp(-s / F32(decay))
        env += np.where(j >= 0, amp[np.maximum(j, 0)] * bump, 0).astype(F32)
    return env


def lake(seconds: float, seed: int) -> np.ndarray:
    """Lake lapping: small irregular wavelets slapping the shore, the odd gloop."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    slap = _slaps(rng, n, 1.9, 0.06, 0.35)
    wash = _slaps(rng, n, 2.6, 0.25, 0.9)
    low, high, bed = _lake_noises(rng, n)
    out = low * (0.25 + 1.2 * wash)[:, None] + high * (0.6 * slap)[:, None] + bed * F32(0.12)
    _gloops(rng, out, seconds)
    return out


def _lake_noises(rng, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lake's textures: the wash's low band, the slaps' bright band, a quiet bed."""
    low = filt(stereo(rng, n, 0.7, white), "bandpass", [180, 700])
    high = filt(stereo(rng, n, 0.5, white), "bandpass", [700, 3200])
    bed = filt(stereo(rng, n, 0.4, pink), "lowpass", 600)
    return low, high, bed


def _gloops(rng, out: np.ndarray, seconds: float) -> None:
    """The odd low gloop of water under the bank, added into ``out``."""
    times = event_times(rng, seconds, 0.5, jitter=0.9)
    starts = (times * RATE).astype(np.int64)
    amp = rng.uniform(0.05, 0.18, (len(starts), 1)).astype(F32)
    pan = rng.uniform(-0.5, 0.5, len(starts)).astype(F32)
    for sel, g in bubble_grains(rng, len(starts), 220, 750, rise=(0.05, 0.15)):
        add_grains(out, starts[sel], g * amp[sel], pan[sel])


def lake_textures(seconds: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, high, bed) for long breath-locked lapping: the wash band, the
    slap band, and the quiet bed with its gloops, each stereo."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0x1A4E]))
    low, high, bed = _lake_noises(rng, _samples(seconds))
    bed *= F32(0.12)
    _gloops(rng, bed, seconds)
    return low, high, bed


def _bubbles(rng, out: np.ndarray, per_second: float, f_lo: float, f_hi: float,
             amp: tuple[float, float], spread: float) -> None:
    """Add bubble blips at a slowly varying rate (clusters, then lulls)."""
    seconds = out.shape[0] / RATE
    times = event_times(rng, seconds, 1.0 / per_second, jitter=1.0)
    keep = rng.uniform(size=len(times)) < np.interp(times, *_density(rng, seconds))
    times = times[keep]
    a = np.exp(rng.uniform(np.log(amp[0]), np.log(amp[1]), (len(times), 1))).astype(F32)
    pan = rng.uniform(-spread, spread, len(times)).astype(F32)
    starts = (times * RATE).astype(np.int64)
    for sel, g in bubble_grains(rng, len(times), f_lo, f_hi):
        add_grains(out, starts[sel], g * a[sel], pan[sel])


def _density(rng, seconds: float) -> tuple[np.ndarray, np.ndarray]:
    """A slow random 0.35-1 acceptance curve: bubbling comes and goes."""
    x = np.arange(0, seconds + 2, 0.7)
    return x, rng.uniform(0.35, 1.0, len(x))


def stream(seconds: float, seed: int) -> np.ndarray:
    """A stream over stones: many bubbling blips over a rushing, babbling bed."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    move = (0.7 + 0.3 * wander(rng, n, 3))[:, None]
    rush = filt(stereo(rng, n, 0.3, pink), "bandpass", [250, 3500]) * move
    out = rush * F32(0.12) + filt(stereo(rng, n, 0.5, white), "highpass", 3500) * F32(0.015)
    _bubbles(rng, out, 110, 350, 2400, (0.06, 0.4), 0.8)
    _bubbles(rng, out, 10, 160, 420, (0.08, 0.3), 0.5)
    return out


def fountain(seconds: float, seed: int) -> np.ndarray:
    """A fountain: steady splashing hiss, a dense patter of droplets, a soft plunge."""
    rng = np.random.default_rng(seed)
    n = _samples(seconds)
    flutter = (0.75 + 0.25 * wander(rng, n, 28))[:, None]
    splash = filt(stereo(rng, n, 0.35, white), "bandpass", [500, 7500]) * flutter
    plunge = filt(stereo(rng, n, 0.6, pink), "bandpass", [120, 500])
    plunge = plunge * (0.8 + 0.2 * wander(rng, n, 1.5))[:, None]
    out = splash * F32(0.22) + plunge * F32(0.35)
    _bubbles(rng, out, 260, 900, 4500, (0.03, 0.14), 0.5)
    return out
