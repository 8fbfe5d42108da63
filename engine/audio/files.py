"""A person's own sound files: a recording of their real place, some music.

Decoding goes through pydub with the ffmpeg binary shipped inside the
``imageio-ffmpeg`` wheel (no system ffmpeg). Anything that goes wrong
becomes one ``SoundFileError`` line naming the file, so the place can warn
and play the rest. Output: float32 (n, 2) at RATE.
"""
from __future__ import annotations

import io
import subprocess
import warnings
from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import raised_cos

SUFFIXES = (".wav", ".ogg", ".mp3", ".flac", ".m4a")


class SoundFileError(Exception):
    """A sound file that cannot be played; str() is the one-line message."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: cannot play sound: {reason}")
        self.path, self.reason = str(path), reason


def ffmpeg_exe() -> str:
    """The bundled ffmpeg binary's path."""
    import imageio_ffmpeg
    return imageio_ffmpeg.get_ffmpeg_exe()


def _audio_segment():
    """pydub's AudioSegment pointed at the bundled ffmpeg (imported lazily)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydub warns about audioop / missing ffmpeg
        from pydub import AudioSegment
    AudioSegment.converter = AudioSegment.ffmpeg = ffmpeg_exe()
    return AudioSegment


def _decode(path: Path, seconds: float | None) -> np.ndarray:
    """Decode to 48 kHz stereo float32 in [-1, 1].

    pydub's own ``from_file`` asks ffprobe for the format first, and the
    imageio-ffmpeg wheel ships no ffprobe; so the bundled ffmpeg decodes
    any format straight to 32-bit WAV at 48 kHz (its resampler, at most
    ``seconds`` long) and pydub reads that WAV. Mono is duplicated to both
    ears at full level; beyond two channels, front left/right are kept.
    """
    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path), "-vn",
           "-ar", str(RATE), "-acodec", "pcm_s32le", "-f", "wav"]
    cmd += ["-t", f"{seconds:.3f}"] if seconds else []
    run = subprocess.run(cmd + ["-"], capture_output=True, timeout=600)
    if run.returncode != 0 or len(run.stdout) <= 44:
        raise ValueError(run.stderr.decode(errors="replace") or "ffmpeg found no audio")
    seg = _audio_segment().from_wav(io.BytesIO(run.stdout))
    data = np.array(seg.get_array_of_samples(), dtype=np.float64)
    data = (data.reshape(-1, seg.channels) / 2.0 ** 31).astype(np.float32)
    if seg.channels == 1:  # a mono recording plays equally in both ears
        return np.repeat(data, 2, axis=1)
    return np.ascontiguousarray(data[:, :2])


def load_sound_file(path: str | Path, seconds: float | None = None) -> np.ndarray:
    """Decode a wav/ogg/mp3/flac/m4a file to float32 (n, 2) at 48 kHz.

    ``seconds`` decodes only the start of a long file (what a practice needs),
    so an hour-long recording costs no more memory than the practice.
    """
    p = Path(path)
    if not p.is_file():
        raise SoundFileError(path, "file not found")
    if p.suffix.lower() not in SUFFIXES:
        raise SoundFileError(path, f"unsupported type {p.suffix or '(none)'} (allowed: "
                             + ", ".join(SUFFIXES) + ")")
    try:
        data = _decode(p, seconds)
    except PermissionError:
        raise SoundFileError(path, "permission denied") from None
    except Exception as exc:  # pydub raises many kinds for a bad file
        raise SoundFileError(path, f"not a readable {p.suffix[1:]} file ({_short(exc)})") from None
    if data.shape[0] == 0 or not np.any(data):
        raise SoundFileError(path, "the file holds no sound")
    return data


def _short(exc: Exception) -> str:
    """First meaningful line of an exception, for a one-line message."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    useful = [ln for ln in lines if "invalid data" in ln.lower() or "error" in ln.lower()]
    text = (useful or lines or [type(exc).__name__])[-1]
    return text[:120]


def to_nominal(audio: np.ndarray, lufs: float = -20.0, most_db: float = 30.0) -> np.ndarray:
    """Bring a file to the layers' nominal loudness, so gain means the same
    for a recording as for a synthesised layer (at most +-``most_db``)."""
    from engine.audio.loudness import integrated
    now = integrated(audio)
    if not np.isfinite(now):
        return audio
    return audio * np.float32(10 ** (np.clip(lufs - now, -most_db, most_db) / 20))


def fit_length(audio: np.ndarray, n: int, crossfade: float = 3.0) -> np.ndarray:
    """Exactly n samples: long audio is cut; short audio loops seamlessly.

    Each repeat overlaps the last by an equal-power crossfade (cos/sin), at
    most a quarter of the clip, so a loop seam neither dips nor clicks.
    """
    if audio.shape[0] >= n:
        return audio[:n]
    m = audio.shape[0]
    k = max(min(int(crossfade * RATE), m // 4), 1)
    theta = raised_cos(k) * np.float32(np.pi / 2) if k > 1 else np.zeros(1, np.float32)
    fade_out, fade_in = np.cos(theta)[:, None], np.sin(theta)[:, None]
    step = m - k
    out = np.zeros((n + m, 2), np.float32)
    out[:m] = audio
    for start in range(step, n, step):  # one iteration per repeat, not per sample
        out[start:start + k] = out[start:start + k] * fade_out + audio[:k] * fade_in
        out[start + k:start + m] = audio[k:]
    return out[:n]
