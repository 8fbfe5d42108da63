"""The mixer: place layers in space, automate their gains, duck under voice.

All gains move along smooth curves (raised-cosine between points, then a
30 ms moving average), so nothing in the mix can step or click. Positions
follow the place model: the listener sits at the origin facing +z, x is to
the right. The master stage lives in loudness.py and is re-exported here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
from scipy.ndimage import maximum_filter1d, uniform_filter1d

from engine.audio import RATE
from engine.audio.envelope import pan_gains, raised_cos
from engine.audio.loudness import master, measure
from engine.audio.noise import CTRL, F32, ctrl_times, upsample

Points = Sequence[tuple[float, float]]
FLOOR_DB = -80.0  # 'silent' in automation: far below anything audible here
CTRL_HZ = RATE / CTRL


def placement(position: Sequence[float] | None) -> tuple[float, float]:
    """(pan in [-1, 1], distance gain dB) for a source position.

    Pan is the sine of the azimuth, so a source straight ahead is centred.
    Distance attenuation is deliberately mild (-3 dB per doubling beyond
    4 m, at most -12 dB): far layers recede without vanishing.
    """
    if position is None:
        return 0.0, 0.0
    x, y, z = position
    dist = float(np.sqrt(x * x + y * y + z * z))
    pan = x / np.hypot(x, z) if np.hypot(x, z) > 1e-6 else 0.0
    gain = max(-3.0 * np.log2(max(dist, 4.0) / 4.0), -12.0)
    return float(pan), float(gain)


def pan_stereo(buf: np.ndarray, pan: float) -> np.ndarray:
    """Pan a stereo layer: narrow its image as it moves aside, equal-power."""
    if abs(pan) < 1e-6:
        return buf
    mid = (buf[:, 0] + buf[:, 1]) * F32(0.5)
    side = (buf[:, 0] - buf[:, 1]) * F32(0.5 * (1 - 0.6 * abs(pan)))
    gl, gr = pan_gains(np.array([pan], F32))
    root2 = F32(np.sqrt(2))
    return np.stack([(mid + side) * gl[0] * root2, (mid - side) * gr[0] * root2], axis=1)


def pan_matrix(pan: float) -> np.ndarray:
    """``pan_stereo`` as a (2, 2) float32 matrix M: out = buf @ M."""
    if abs(pan) < 1e-6:
        return np.eye(2, dtype=F32)
    s = 0.5 * (1 - 0.6 * abs(pan))
    gl, gr = (float(g[0]) * np.sqrt(2) for g in pan_gains(np.array([pan], F32)))
    return np.array([[(0.5 + s) * gl, (0.5 - s) * gr],
                     [(0.5 - s) * gl, (0.5 + s) * gr]], F32)


def gain_ctrl(points: Points | None, n: int, base_db: float = 0.0) -> np.ndarray:
    """Linear gain at the 1 kHz control rate from (t seconds, dB) points.

    Raised-cosine in dB between points, flat before the first and after the
    last; a 30 ms moving average then softens even coincident points.
    """
    t = ctrl_times(n)
    if not points:
        return np.full(len(t), 10 ** (base_db / 20), F32)
    pts = sorted(points)
    times = np.array([p[0] for p in pts], float)
    vals = np.maximum(np.array([p[1] for p in pts], float), FLOOR_DB)
    i = np.clip(np.searchsorted(times, t, side="right") - 1, 0, len(times) - 1)
    j = np.minimum(i + 1, len(times) - 1)
    frac = np.clip((t - times[i]) / np.maximum(times[j] - times[i], 1e-9), 0, 1)
    db = base_db + vals[i] + (vals[j] - vals[i]) * (1 - np.cos(np.pi * frac)) * 0.5
    return (10 ** (uniform_filter1d(db, size=30, mode="nearest") / 20)).astype(F32)


def gain_curve(points: Points | None, n: int, base_db: float = 0.0) -> np.ndarray:
    """The same gain for every one of n audio samples."""
    return upsample(gain_ctrl(points, n, base_db), n)


def focus(keys: Iterable[str], chosen: Iterable[str], at: float, until: float | None = None,
          up_db: float = 6.0, down_db: float = -8.0, ramp: float = 3.5) -> dict[str, list]:
    """Automation for ``sounds.focus``: chosen layers come forward, others recede."""
    chosen = set(chosen)
    out = {}
    for key in keys:
        to = up_db if key in chosen else down_db
        pts = [(at, 0.0), (at + ramp, to)]
        if until is not None:
            pts += [(max(until, at + ramp), to), (max(until, at + ramp) + ramp, 0.0)]
        out[key] = pts
    return out


def fade(at: float, to_db: float = FLOOR_DB, ramp: float = 3.0, from_db: float = 0.0) -> list:
    """Automation for ``sounds.fade``: glide from one level to another (>= 2 s)."""
    return [(at, from_db), (at + max(ramp, 2.0), to_db)]


def fade_edges(buf: np.ndarray, fade_in: float = 3.0, fade_out: float = 3.0) -> np.ndarray:
    """Raised-cosine fade in at the start and out at the end (at least 2 s each)."""
    n = buf.shape[0]
    a = min(int(max(fade_in, 2.0) * RATE), n // 2)
    b = min(int(max(fade_out, 2.0) * RATE), n // 2)
    buf[:a] *= raised_cos(a)[:, None]
    buf[n - b:] *= raised_cos(b)[::-1, None]
    return buf


def _release(x: np.ndarray, seconds: float) -> np.ndarray:
    """Peak-hold with exponential decay, vectorised in the log domain."""
    k = np.arange(len(x))
    log_a = -1.0 / (seconds * CTRL_HZ)
    lx = np.log(np.maximum(x, 1e-9)) - k * log_a
    return np.exp(np.maximum.accumulate(lx) + k * log_a)


def duck(bed: np.ndarray, voice: np.ndarray, depth_db: float = -8.0, threshold_db: float = -45.0,
         attack: float = 0.3, release: float = 1.2) -> np.ndarray:
    """Lower the bed under the voice: smooth, slightly ahead of each phrase.

    Voice level in 30 ms windows drives a 0-1 amount (6 dB soft knee); it is
    held and released exponentially, and pre-ramped over ``attack`` seconds
    (offline look-ahead), so the bed dips before a word, never on it.
    """
    n = bed.shape[0]
    v = voice if voice.ndim == 1 else voice.mean(axis=1)
    v = np.pad(v[:n], (0, max(0, n - len(v)) + 2 * CTRL))
    m = n // CTRL + 2
    power = np.square(v[: m * CTRL].reshape(m, CTRL), dtype=np.float64).mean(axis=1)
    rms_db = 10 * np.log10(uniform_filter1d(power, 30) + 1e-12)
    amount = np.clip((rms_db - threshold_db) / 6.0, 0, 1)
    amount = _release(amount, release)
    size = max(int(attack * CTRL_HZ), 1)
    amount = uniform_filter1d(maximum_filter1d(amount, 2 * size + 1), size)
    return bed * upsample(10 ** (depth_db * amount / 20), n)[:, None]


@dataclass
class Track:
    """One layer in the mix: audio, level (dB), place position and automation."""
    name: str
    audio: np.ndarray
    gain_db: float = 0.0
    position: Sequence[float] | None = None
    automation: Points | None = field(default=None)


class Mixer:
    """Accumulates tracks into one bus as they come, so only one layer and
    the bus are in memory at a time (a 20-minute export stays affordable)."""

    def __init__(self, n: int):
        self.bus = np.zeros((n, 2), F32)

    def add(self, tr: Track, chunk: int = 48 * CTRL * 40, done=None) -> None:
        """Place, gain and automate one track, and add it to the bus.

        The pan is a 2x2 matrix (``pan_matrix``) and the gain a 1 kHz control
        curve interpolated per chunk (~2 s, so temporaries stay in cache); a
        track with no automation is one constant matrix. ``done(fraction)``
        hears how far through the track the mix is, chunk by chunk.
        """
        n = min(self.bus.shape[0], tr.audio.shape[0])
        pan, dist_db = placement(tr.position)
        mat = pan_matrix(pan)
        ctrl = gain_ctrl(tr.automation, n, tr.gain_db + dist_db)
        steady = tr.automation is None or np.ptp(ctrl) == 0
        if steady:
            mat = mat * ctrl[0]
        for start in range(0, n, chunk):  # chunk is a whole number of control steps
            stop = min(start + chunk, n)
            part = tr.audio[start:stop] @ mat
            if not steady:
                part *= upsample(ctrl[start // CTRL:], stop - start)[:, None]
            self.bus[start:stop] += part
            if done is not None:
                done(stop / n)

    def finish(self, voice: np.ndarray | None = None, fade_in: float = 3.0,
               fade_out: float = 3.0) -> np.ndarray:
        """Duck the bed under the voice, add the voice, fade both ends."""
        bus, n = self.bus, self.bus.shape[0]
        if voice is not None:
            bus = duck(bus, voice)
            v = voice[:n] if voice.ndim == 2 else np.repeat(voice[:n, None], 2, axis=1)
            bus[: len(v)] += v.astype(F32)
        return fade_edges(bus, fade_in, fade_out)


def mix(tracks: list[Track], n: int, voice: np.ndarray | None = None,
        fade_in: float = 3.0, fade_out: float = 3.0) -> np.ndarray:
    """Sum placed, automated tracks into an (n, 2) bus; duck; add voice; fade edges."""
    mixer = Mixer(n)
    for tr in tracks:
        mixer.add(tr)
    return mixer.finish(voice, fade_in, fade_out)


__all__ = ["Mixer", "Track", "duck", "fade", "fade_edges", "focus", "gain_ctrl", "gain_curve",
           "master",
           "measure", "mix", "pan_stereo", "placement"]
