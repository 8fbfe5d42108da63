"""Shared clean-up for voice clips: mono, trimmed, faded, at speech loudness.

Both voices (espeak-ng lines and a person's own recordings) pass through
here, so a spoken line and a recorded one sit at the same level in the mix:
mono float32 at RATE, silence trimmed from the ends (a short pad kept so no
breath or decay is cut), raised-cosine fades at each end (no click), about
-20 LUFS and a true peak at or below -1 dBTP.
"""
from __future__ import annotations

import numpy as np
from scipy.signal import butter, resample_poly, sosfiltfilt

from engine.audio import RATE
from engine.audio.envelope import raised_cos
from engine.audio.loudness import integrated, limit

F32 = np.float32
TARGET_LUFS = -20.0
"""Speech loudness of every clip (mono, measured as BS.1770 / pyloudnorm)."""
CEILING_DBTP = -1.0
FADE = 0.02            # s, raised-cosine fade at each end
MEASURE_SECONDS = 1.0  # shorter clips are RMS matched instead of gated LUFS
RMS_OFFSET_DB = -0.8
"""dB from a clip's active-speech RMS (dBFS) to its loudness (LUFS), as
pyloudnorm measures short espeak-ng lines (-0.5 to -0.9; -1.2 to -1.5 for
lines of 2 s or more); used only for clips too short to gate (RMS matching)."""
SILENT_DBFS = -60.0    # a clip whose loudest 10 ms stays below this holds no voice
FRAME = 0.01           # s, level frames for trimming


def to_mono(audio: np.ndarray) -> np.ndarray:
    """Mono float32: the channels' mean, or the louder channel when the mean
    would cancel (one channel out of phase) or hide it (one channel silent)."""
    x = np.asarray(audio, F32)
    if x.ndim == 1:
        return x
    if x.shape[1] == 1:
        return np.ascontiguousarray(x[:, 0])
    mean = x.mean(axis=1)
    power = np.square(x, dtype=np.float64).mean(axis=0)
    loud = int(np.argmax(power))
    if power[loud] > 0 and np.square(mean, dtype=np.float64).mean() < 0.25 * power[loud]:
        return np.ascontiguousarray(x[:, loud])
    return mean.astype(F32)


def resample(x: np.ndarray, rate: int) -> np.ndarray:
    """`x` at `rate` brought to RATE (polyphase, anti-aliased)."""
    if rate == RATE:
        return np.asarray(x, F32)
    g = np.gcd(int(rate), RATE)
    return resample_poly(np.asarray(x, np.float64), RATE // g, int(rate) // g).astype(F32)


def high_pass(x: np.ndarray, hz: float = 60.0) -> np.ndarray:
    """Remove rumble and DC below `hz` (zero phase)."""
    if len(x) < 64:
        return x
    sos = butter(2, hz, "highpass", fs=RATE, output="sos")
    return sosfiltfilt(sos, x).astype(F32)


def soften(x: np.ndarray, low_pass_hz: float = 7000.0, band: tuple[float, float] = (4000.0, 10000.0),
           ratio: float = 0.3, most_db: float = 9.0) -> np.ndarray:
    """A gentle low-pass and a de-esser, for a synthetic voice's hiss and buzz.

    The de-esser turns down only the 4-10 kHz band, and only where it holds
    more than `ratio` of the signal's level (an 's' or 'sh'), by at most
    `most_db`; the gain is smoothed over ~5 ms so it never flutters.
    """
    if len(x) < 256:
        return x
    x64 = np.asarray(x, np.float64)
    hi = sosfiltfilt(butter(2, band, "bandpass", fs=RATE, output="sos"), x64)
    k = int(0.005 * RATE)
    env_hi = np.sqrt(_smooth(hi * hi, k))
    env_all = np.sqrt(_smooth(x64 * x64, k)) + 1e-9
    over = np.maximum(env_hi / env_all / ratio, 1.0)
    gain = np.maximum(over ** -0.8, 10 ** (-most_db / 20))
    gain = _smooth(gain, k)
    y = x64 - hi * (1.0 - gain)
    y = sosfiltfilt(butter(2, low_pass_hz, "lowpass", fs=RATE, output="sos"), y)
    return y.astype(F32)


def _smooth(v: np.ndarray, k: int) -> np.ndarray:
    c = np.concatenate([[0.0], np.cumsum(v)])
    half = k // 2
    idx = np.arange(len(v))
    lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, len(v))
    return (c[hi] - c[lo]) / (hi - lo)


def frame_db(x: np.ndarray) -> np.ndarray:
    """RMS level (dBFS) of each 10 ms frame."""
    n = int(FRAME * RATE)
    m = len(x) // n
    sq = np.square(np.asarray(x, np.float64))
    p = sq[: m * n].reshape(m, n).mean(axis=1) if m else np.array([sq.mean() if len(sq) else 0.0])
    return 10 * np.log10(np.maximum(p, 1e-20))


def peak_frame_db(x: np.ndarray) -> float:
    """The loudest 10 ms frame's level, dBFS (-200 for silence)."""
    return float(frame_db(x).max()) if len(x) else -200.0


def active_frames(x: np.ndarray) -> np.ndarray:
    """Which 10 ms frames hold voice: within 40 dB of the loudest frame and
    6 dB over the noise floor (the quietest tenth), so room hiss is not voice.
    The floor counts only up to 25 dB under the loudest frame: a take with
    no silence at all keeps its quietest words."""
    db = frame_db(x)
    top = float(db.max())
    floor = float(np.percentile(db, 10))
    return db > max(top - 40.0, min(floor + 6.0, top - 25.0), SILENT_DBFS - 20)


def trim(x: np.ndarray, lead: float = 0.03, tail: float = 0.08) -> np.ndarray:
    """Drop silence at both ends, keeping `lead` s before the first sound and
    `tail` s after the last (a breath in, a word's decay)."""
    if len(x) == 0:
        return x
    on = np.flatnonzero(active_frames(x))
    if len(on) == 0:
        return x[:0]
    n = int(FRAME * RATE)
    start = max(on[0] * n - int(lead * RATE), 0)
    stop = min((on[-1] + 1) * n + int(tail * RATE), len(x))
    return np.ascontiguousarray(x[start:stop])


def fade_ends(x: np.ndarray, seconds: float = FADE) -> np.ndarray:
    """Raised-cosine fades in and out: the clip starts and ends at exactly 0."""
    y = np.array(x, F32)
    k = min(int(seconds * RATE), len(y) // 2)
    if k > 0:
        ramp = raised_cos(k)
        y[:k] *= ramp
        y[len(y) - k:] *= ramp[::-1]
        y[0] = y[-1] = 0.0
    return y


def loudness(x: np.ndarray) -> float:
    """Speech loudness in LUFS: gated BS.1770 for clips of a second or more,
    else from the RMS of the active frames (calibrated to the same scale)."""
    if len(x) >= MEASURE_SECONDS * RATE:
        lufs = integrated(np.asarray(x, F32))
        if np.isfinite(lufs):
            return lufs
    act = active_frames(x)
    if not act.any():
        return float("-inf")
    db = frame_db(x)[act]
    rms_db = 10 * np.log10(np.mean(10 ** (db / 10)))
    return float(rms_db + RMS_OFFSET_DB)


def normalise(x: np.ndarray, target: float = TARGET_LUFS, ceiling: float = CEILING_DBTP,
              most_db: float = 40.0) -> np.ndarray:
    """Bring `x` to `target` LUFS (at most +-`most_db`), then hold the true
    peak at `ceiling` dBTP with a smooth look-ahead limiter (never clipping)."""
    now = loudness(x)
    if not np.isfinite(now):
        return np.asarray(x, F32)
    y = np.asarray(x, F32) * F32(10 ** (np.clip(target - now, -most_db, most_db) / 20))
    return limit(y[:, None], ceiling)[:, 0].astype(F32)


def finish(x: np.ndarray, lead: float = 0.03, tail: float = 0.08) -> np.ndarray:
    """Trim, fade and normalise a mono clip at RATE; empty if it holds no voice."""
    if len(x) == 0 or peak_frame_db(x) < SILENT_DBFS:
        return np.zeros(0, F32)
    y = trim(x, lead, tail)
    if len(y) < int(0.05 * RATE):
        return np.zeros(0, F32)
    return normalise(fade_ends(y))  # the limiter only lowers: the ends stay at 0
