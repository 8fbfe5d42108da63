"""Voice clips on disk: 16-bit mono WAV at RATE, written atomically, owner-only.

A clip is written to a temporary file in the same folder, flushed to disk
and renamed over the old one, so a crash, a full disk or a bad new take
never leaves a half-written file or loses the clip that was there.
"""
from __future__ import annotations

import io
import os
import tempfile
import wave
from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.config.userdirs import FILE_MODE, data_dir, ensure_dir


def voice_dir(practice_name: str) -> Path:
    """Where a practice's recorded voice lives: `<data>/voice/<practice-name>/`."""
    return data_dir() / "voice" / practice_name


def cache_dir() -> Path:
    """Where spoken lines are cached: `<data>/cache/voice/`."""
    return data_dir() / "cache" / "voice"


def to_pcm(clip: np.ndarray) -> np.ndarray:
    """A float clip as 16-bit samples (rounded, never wrapped)."""
    return np.round(np.clip(np.asarray(clip, np.float64), -1.0, 32767 / 32768) * 32768).astype("<i2")


def from_pcm(pcm: np.ndarray) -> np.ndarray:
    return pcm.astype(np.float32) / np.float32(32768)


def as_stored(clip: np.ndarray) -> np.ndarray:
    """`clip` exactly as it reads back from disk (16-bit), so the first play
    and every later one from the cache are the same samples."""
    return from_pcm(to_pcm(clip))


def wav_bytes(clip: np.ndarray) -> bytes:
    """A mono float clip as 16-bit PCM WAV at RATE."""
    pcm = to_pcm(clip)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def write_clip(path: Path, clip: np.ndarray) -> Path:
    """Write `clip` to `path` atomically, readable by its owner only."""
    data = wav_bytes(clip)
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _sync_dir(path.parent)
    return path


def read_clip(path: Path) -> np.ndarray | None:
    """A stored clip as float32 mono at RATE; None when missing or not one of ours."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getframerate() != RATE:
                return None
            raw = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error):
        return None
    return from_pcm(np.frombuffer(raw, "<i2"))


def _sync_dir(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
