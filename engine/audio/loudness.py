"""Loudness measurement and the master stage (EBU R128 / ITU-R BS.1770-4).

``master`` makes an exported practice safe to hear: integrated loudness at
-20 LUFS, short-term loudness (3 s) never above target + 5 LU, true peak
(4x oversampled) at or below -1 dBTP. Every gain change is smooth: a slow
leveller for loud stretches and a look-ahead limiter for peaks - never clipping.

One K-weighting pass gives power per 100 ms hop, from which both the gated
integrated loudness (400 ms blocks, 75 % overlap, as BS.1770) and the 3 s
short-term loudness follow; the tests hold it to pyloudnorm's figure.
"""
from __future__ import annotations

import numpy as np
import pyloudnorm as pyln
from scipy.ndimage import maximum_filter1d, minimum_filter1d, uniform_filter1d
from scipy.signal import firwin, sosfilt, tf2sos

from engine.audio import RATE

TARGET_LUFS = -20.0
CEILING_DBTP = -1.0
ST_HEADROOM = 5.0
ST_MARGIN = 0.8   # LU: the master levels short-term this far under the bar
TP_MARGIN = 0.2   # dB: and limits true peak this far under the ceiling
HOP = 0.1      # s, loudness step
WINDOW = 3.0   # s, short-term loudness window


def _k_sos(rate: int) -> np.ndarray:
    """pyloudnorm's K-weighting (shelf + high-pass) as float32 sections."""
    stages = pyln.Meter(rate)._filters.values()
    sos = np.concatenate([tf2sos(f.b, f.a) for f in stages])
    sos[0, :3] *= np.prod([f.passband_gain for f in stages])
    return sos.astype(np.float32)


def hop_power(x: np.ndarray, rate: int = RATE, hop: float = HOP, progress=None) -> np.ndarray:
    """K-weighted mean-square power, summed over channels, per ``hop`` s.

    Filters 30 s at a time (carrying the filter state), so a long export
    needs no second full-length copy.
    """
    sos, h = _k_sos(rate), int(round(hop * rate))
    x2 = x if x.ndim == 2 else x[:, None]
    zi = np.zeros((sos.shape[0], 2, x2.shape[1]), np.float32)
    sums, step = [], 300 * h
    for start in range(0, x2.shape[0], step):
        y, zi = sosfilt(sos, np.asarray(x2[start:start + step], np.float32), axis=0, zi=zi)
        sums.append(np.square(y).sum(axis=1, dtype=np.float64))
        if progress:
            progress(min(start + step, x2.shape[0]) / x2.shape[0])
    p = np.concatenate(sums) if sums else np.zeros(0)
    m = len(p) // h
    return p[: m * h].reshape(m, h).mean(axis=1)


def _apply_gain(x: np.ndarray, gain_at, chunk: int = 10 * RATE) -> np.ndarray:
    """x * gain, computed and applied in chunks (gain_at(start, stop) -> float32)."""
    out = np.empty_like(x, dtype=np.float32)
    for start in range(0, x.shape[0], chunk):
        stop = min(start + chunk, x.shape[0])
        out[start:stop] = x[start:stop] * gain_at(start, stop)[:, None]
    return out


def _lufs(power: np.ndarray) -> np.ndarray:
    return -0.691 + 10 * np.log10(np.maximum(power, 1e-20))


def _window_means(p: np.ndarray, k: int) -> np.ndarray:
    c = np.concatenate([[0.0], np.cumsum(p)])
    return (c[k:] - c[:-k]) / k


def gated_integrated(p: np.ndarray) -> float:
    """BS.1770 gated loudness from 100 ms hop powers (absolute, then relative gate)."""
    if len(p) < 4:
        return float("-inf")
    z = _window_means(p, 4)
    keep = _lufs(z) >= -70
    if not keep.any():
        return float("-inf")
    rel = _lufs(z[keep].mean()) - 10
    keep &= _lufs(z) > rel
    return float(_lufs(z[keep].mean())) if keep.any() else float("-inf")


def short_term(x: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Short-term loudness (LUFS) of every full 3 s window, every 100 ms."""
    return _short_term(hop_power(x, rate))


def _short_term(p: np.ndarray) -> np.ndarray:
    k = int(round(WINDOW / HOP))
    if len(p) < k:
        return _lufs(np.array([p.mean()])) if len(p) else np.array([-np.inf])
    return _lufs(_window_means(p, k))


def integrated(x: np.ndarray, rate: int = RATE) -> float:
    """Integrated loudness (LUFS); -inf for silence or < 0.4 s.

    pyloudnorm up to 10 minutes. It holds two float64 copies of the input,
    so longer buffers use the same BS.1770 gating on chunked K-weighted
    power (the tests hold the two within 0.05 LU).
    """
    if x.shape[0] < int(0.4 * rate) or not np.any(x):
        return float("-inf")
    if x.shape[0] > 600 * rate:
        return gated_integrated(hop_power(x, rate))
    return float(pyln.Meter(rate).integrated_loudness(x.astype(np.float64)))


def _phases() -> np.ndarray:
    """Interpolator taps for the 1/4, 1/2 and 3/4 positions (17 taps each).

    A 65-tap half-band (Nyquist) filter at 4x: flat within 0.01 dB to 18 kHz,
    and phase 0 would be the samples themselves, so only three phases run.
    """
    h = np.append(firwin(65, 0.25, window=("kaiser", 6.0)) * 4, np.zeros(3))
    return h.reshape(17, 4).T[1:].astype(np.float32)


_PHASES = _phases()


# No interpolated value can exceed this times the largest |sample| among the
# 17 it is made from (the taps' absolute sum, with a hair of float margin).
_BOUND = float(np.abs(_PHASES.astype(np.float64)).sum(axis=1).max()) * 1.0001
_BLOCK = 512


def true_peak_env(x: np.ndarray, floor: float | None = None) -> np.ndarray:
    """Per-sample true peak: max |x| over channels of the 4x oversampled signal.

    Each inter-sample value counts at both neighbouring samples, so a gain
    that respects the envelope at every sample respects the true peak.

    ``floor``: only values above it are needed. Blocks of 512 samples whose
    sample peak (with their neighbours') times ``_BOUND`` stays at or under
    it cannot hold an inter-sample value above it, so they keep plain |x|
    (also at or under the floor) and are not oversampled: exact above the
    floor, and several times faster on a long export, where few blocks
    come near the ceiling.
    """
    n = x.shape[0]
    if floor is None or n <= 4 * _BLOCK:
        return _env_exact(x)
    m = -(-n // _BLOCK)
    env = _abs_peak(x)
    peaks = np.pad(env, (0, m * _BLOCK - n)).reshape(m, _BLOCK).max(axis=1)
    near = np.maximum(peaks, np.maximum(np.r_[0, peaks[:-1]], np.r_[peaks[1:], 0]))
    todo = near * _BOUND > floor
    if not todo.any():
        return env
    edges = np.flatnonzero(np.diff(np.r_[0, todo.astype(np.int8), 0]))
    for j0, j1 in zip(edges[::2], edges[1::2]):   # runs of blocks to oversample
        lo, hi = j0 * _BLOCK, min(j1 * _BLOCK, n)
        a0, b0 = max(lo - 9, 0), min(hi + 8, n)   # env[i] is made from x[i-9 .. i+8]
        env[lo:hi] = _env_exact(x[a0:b0])[lo - a0:hi - a0]
    return env


def _abs_peak(x: np.ndarray) -> np.ndarray:
    """max |x| over channels, per sample, float32 (column by column: a
    reduction along the short axis is ten times slower)."""
    if x.ndim == 1:
        return np.abs(x).astype(np.float32)
    env = np.abs(x[:, 0]).astype(np.float32)
    for ch in range(1, x.shape[1]):
        np.maximum(env, np.abs(x[:, ch]), out=env)
    return env


def _env_exact(x: np.ndarray) -> np.ndarray:
    """``true_peak_env`` of every sample (np.convolve pads the ends with zeros)."""
    n = x.shape[0]
    env = _abs_peak(x)
    for ch in range(x.shape[1]):
        sig = np.asarray(x[:, ch], np.float32)
        for phase in _PHASES:
            y = np.abs(np.convolve(sig, phase)[8: 8 + n])
            np.maximum(env, y, out=env)
            np.maximum(env[1:], y[:-1], out=env[1:])
    return env


def true_peak_dbtp(x: np.ndarray) -> float:
    """True peak of the whole buffer in dBTP (it is at least the sample peak,
    so only blocks that could beat the sample peak are oversampled)."""
    if not x.size:
        return float("-inf")
    a = _abs_peak(x)
    top = int(np.argmax(a))   # first the true peak around the highest sample: a higher floor
    lo, hi = max(top - 2 * _BLOCK, 0), min(top + 2 * _BLOCK, x.shape[0])
    # with the interpolator's reach either side: cut out bare, the excerpt's
    # edges would ring as if the sound jumped from silence (a false peak)
    a0, b0 = max(lo - 9, 0), min(hi + 8, x.shape[0])
    floor = max(float(a[top]), float(_env_exact(x[a0:b0])[lo - a0:hi - a0].max()))
    peak = max(floor, float(true_peak_env(x, floor=floor).max()))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def measure(x: np.ndarray, rate: int = RATE, progress=None) -> dict:
    """The three numbers the app's sound bar is about. Integrated and
    short-term loudness come from one K-weighted pass (BS.1770 gating, held
    to pyloudnorm's figure within 0.05 LU by the tests)."""
    p = hop_power(x, rate)
    if progress:
        progress(0.5)
    return {"integrated_lufs": gated_integrated(p) if x.shape[0] >= int(0.4 * rate) else float("-inf"),
            "true_peak_dbtp": true_peak_dbtp(x), "max_short_term_lufs": float(_short_term(p).max())}


def level_short_term(x: np.ndarray, limit_lufs: float, rate: int = RATE,
                     power: np.ndarray | None = None) -> np.ndarray:
    """Turn down, slowly, any 3 s stretch louder than ``limit_lufs``.

    Each over-loud window's excess is applied across the whole window (max
    filter), widened and averaged over ~1 s so the gain glides; the averaged
    reduction is never smaller than what any window needs. ``power``: x's
    ``hop_power`` when the caller has it already.
    """
    st = _short_term(power) if power is not None else short_term(x, rate)
    excess = np.maximum(st - limit_lufs, 0.0)
    if not excess.any():
        return x
    k = int(round(WINDOW / HOP))
    need = maximum_filter1d(np.pad(excess, (k - 1, k)), k, origin=(k - 1) // 2)[k - 1:]
    smooth = maximum_filter1d(uniform_filter1d(maximum_filter1d(need, 21), 11), 3)
    centres = (np.arange(len(smooth)) + 0.5) * int(round(HOP * rate))

    def gain(start: int, stop: int) -> np.ndarray:
        db = np.interp(np.arange(start, stop), centres, smooth)
        return (10 ** (-db / 20)).astype(np.float32)
    return _apply_gain(x, gain)


def limit(x: np.ndarray, ceiling_db: float, look: float = 0.01) -> np.ndarray:
    """Look-ahead true-peak limiter: a smooth gain dip around each over.

    Required gain per sample, then a minimum filter (half-width ``look``) and
    a moving average half as wide: the curve starts falling before the peak,
    is at most the required gain at every sample, and recovers smoothly.
    """
    ceiling = 10 ** (ceiling_db / 20)
    if np.abs(x).max() < ceiling / 2:  # 6 dB under: no inter-sample over is possible here
        return x
    env = true_peak_env(x, floor=ceiling)
    overs = np.flatnonzero(env > ceiling)
    if not len(overs):
        return x
    w = int(look * RATE)
    reach = 2 * w + 2   # how far from an over the filtered gain can differ from 1
    out = np.array(x, dtype=np.float32)
    # Only the stretches around overs change: group overs closer than 4 reaches.
    breaks = np.flatnonzero(np.diff(overs) > 4 * reach)
    for first, last in zip(np.r_[0, breaks + 1], np.r_[breaks, len(overs) - 1]):
        lo, hi = max(overs[first] - 2 * reach, 0), min(overs[last] + 2 * reach + 1, x.shape[0])
        need = np.minimum(np.float32(1.0), np.float32(ceiling) / np.maximum(env[lo:hi], np.float32(1e-12)))
        g = uniform_filter1d(minimum_filter1d(need, 2 * w + 1), w + 1)
        out[lo:hi] *= g[:, None] if out.ndim == 2 else g
    return out


def master(x: np.ndarray, rate: int = RATE, target: float = TARGET_LUFS,
           ceiling: float = CEILING_DBTP, headroom: float = ST_HEADROOM, progress=None) -> np.ndarray:
    """Normalise to ``target`` LUFS, level short-term peaks, limit true peak.

    Normalises (BS.1770 gating on K-weighted power, as ``integrated``), then
    repeats level -> limit -> re-normalise (at most four times) because
    levelling and limiting lower the integrated loudness a little; stops
    within 0.2 LU, then trims the rest (at most +0.25 dB).

    Margins: short-term loudness is levelled to ``ST_MARGIN`` (0.8 LU) under
    the bar, so even after the last trim every 3 s window stays >= 0.55 LU
    under it; true peak is limited 0.2 dB under the ceiling, once more after
    the trim (it may have lifted a limited peak). The leveller glides over
    seconds and only touches windows over its line - no pumping.
    ``progress(fraction)`` hears each step (for a terminal bar).
    """
    tell = progress or (lambda f: None)
    y = np.array(x, dtype=np.float32)  # our own copy: scaled in place below
    tell(0.05)
    p = hop_power(y, rate, progress=lambda f: tell(0.05 + 0.4 * f))
    now = gated_integrated(p)  # BS.1770 gating (pyloudnorm's figure within 0.05 LU)
    tell(0.45)
    if not np.isfinite(now):
        tell(1.0)
        return y
    for k in range(4):
        # the first pass (most exports need no other) to 0.85, each later one half the rest to 0.95
        lo, hi = (0.45, 0.85) if k == 0 else (0.95 - 0.1 * 0.5 ** (k - 1), 0.95 - 0.1 * 0.5 ** k)
        gain = 10 ** ((target - now) / 20)
        y *= np.float32(gain)
        p = p * gain ** 2   # a constant gain scales the K-weighted power exactly
        y = level_short_term(y, target + headroom - ST_MARGIN, rate, power=p)
        tell(lo + 0.4 * (hi - lo))
        y = limit(y, ceiling - TP_MARGIN)
        tell(lo + 0.7 * (hi - lo))
        p = hop_power(y, rate)
        now = gated_integrated(p)
        tell(hi)
        if abs(now - target) <= 0.2:
            break
    trim = min(target - now, 0.25)
    y *= np.float32(10 ** (trim / 20))
    y = limit(y, ceiling - TP_MARGIN) if trim > 0 else y
    tell(1.0)
    return y
