"""Noise sources, filters and slow control signals shared by the layers.

Everything is vectorised over whole buffers and drawn from a caller's
``np.random.Generator`` so a layer is reproducible from its seed alone.
Audio-rate work is float32 (twice as fast, plenty of precision for sound);
filters with very low cut-offs run in float64 where float32 poles are fragile.
"""
from __future__ import annotations

import numpy as np
from scipy import signal

from engine.audio import RATE

F32 = np.float32


def white(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit-variance Gaussian white noise, float32."""
    return rng.standard_normal(n, dtype=F32)


def filt(x: np.ndarray, kind: str, freq, order: int = 2) -> np.ndarray:
    """Butterworth filter along axis 0, float32 second-order sections.

    Checked against float64: -80 dB error even at a 60 Hz band edge.
    """
    sos = signal.butter(order, freq, kind, fs=RATE, output="sos").astype(F32)
    return signal.sosfilt(sos, x, axis=0).astype(F32, copy=False)


# Kellet's economy pinking filter (-3 dB/octave), as float32 sections.
_PINK = signal.tf2sos([0.049922035, -0.095993537, 0.050612699, -0.004408786],
                      [1.0, -2.494956002, 2.017265875, -0.522189400]).astype(F32)


def pink(rng: np.random.Generator, n: int) -> np.ndarray:
    """Pink (-3 dB/octave) noise, unit-ish RMS."""
    return signal.sosfilt(_PINK, white(rng, n)) * F32(9.0)


CTRL = 48  # audio samples per control step: envelopes run at 1 kHz


def ctrl_times(n: int) -> np.ndarray:
    """Times (s) of the control points covering n audio samples."""
    return np.arange(n // CTRL + 2, dtype=np.float64) * (CTRL / RATE)


def ctrl_lowpass(x: np.ndarray, hz: float) -> np.ndarray:
    """Low-pass a control-rate (1 kHz) curve along axis 0."""
    sos = signal.butter(2, hz, "lowpass", fs=RATE / CTRL, output="sos")
    return signal.sosfilt(sos, x, axis=0).astype(F32)


def upsample(ctrl: np.ndarray, n: int) -> np.ndarray:
    """Linear interpolation of a 1 kHz control curve up to n audio samples."""
    m = n // CTRL + 1
    w = np.arange(CTRL, dtype=F32) / F32(CTRL)
    c = ctrl.astype(F32, copy=False)
    return (c[:m, None] * (1 - w) + c[1:m + 1, None] * w).ravel()[:n]


def wander(rng: np.random.Generator, n: int, hz: float,
           lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """Smooth random control curve in [lo, hi] changing about ``hz`` times/s.

    Cosine interpolation between random knots: continuous with zero slope
    at each knot, so gains driven by it never click.
    """
    t = ctrl_times(n)
    knots = rng.uniform(lo, hi, int(t[-1] * hz) + 3)
    pos = t * hz
    i = pos.astype(np.int64)
    w = (1.0 - np.cos(np.pi * (pos - i))) * 0.5
    return upsample(knots[i] * (1 - w) + knots[i + 1] * w, n)


def stereo(rng: np.random.Generator, n: int, corr: float, source=white) -> np.ndarray:
    """Two noise channels with correlation ``corr``: a wide, diffuse field.

    L = a*u + b*v, R = a*u - b*v with a^2 - b^2 = corr: two sources, not three.
    """
    a, b = np.sqrt((1 + corr) / 2), np.sqrt((1 - corr) / 2)
    u, v = source(rng, n), source(rng, n)
    return np.stack([a * u + b * v, a * u - b * v], axis=1)


def sine(freq: float, n: int, phase: float = 0.0) -> np.ndarray:
    """A steady sine of n samples, float32 but phase-exact over hours.

    sin(A + b) = sin A cos b + cos A sin b over blocks of 1024 samples:
    block phases A in float64, so three float32 operations per sample.
    """
    block = 1024
    w = 2 * np.pi * freq / RATE
    a = w * block * np.arange(-(-n // block)) + 2 * np.pi * phase
    b = w * np.arange(block)
    sa, ca = np.sin(a).astype(F32), np.cos(a).astype(F32)
    return (sa[:, None] * np.cos(b).astype(F32) + ca[:, None] * np.sin(b).astype(F32)).ravel()[:n]


def resonate(x: np.ndarray, freq: float, decay: float) -> np.ndarray:
    """A two-pole resonator: rings at ``freq`` Hz, -60 dB after ~6.9*decay s."""
    r = np.exp(-1.0 / (decay * RATE))
    w = 2 * np.pi * freq / RATE
    sos = np.array([[1 - r, 0, 0, 1, -2 * r * np.cos(w), r * r]], F32)
    return signal.sosfilt(sos, x.astype(F32, copy=False))


def level(x: np.ndarray, rms: float) -> np.ndarray:
    """Scale to a given RMS over the whole buffer (for parts inside a layer)."""
    now = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
    return x * F32(rms / now) if now > 0 else x


def capped(x: np.ndarray, peak: float) -> np.ndarray:
    """Scale so loud events reach ~``peak`` and none exceeds 2x it: no loud pops.

    The 99.9th percentile of |x| maps to ``peak``; x / (1 + |x|) bends every
    larger value smoothly under 2*peak - a gentle cap, not a hard clip.
    """
    ref = float(np.quantile(np.abs(x[::4]), 0.999)) or 1.0  # every 4th sample: plenty
    y = x / F32(ref)
    return y / (1 + np.abs(y)) * F32(2 * peak)
