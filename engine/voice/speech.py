"""Spoken captions from espeak-ng: a slow, low, softened voice, cached.

Each caption line is synthesised once with espeak-ng (plain text on stdin,
never through a shell, with no SSML or phoneme markup), then resampled to
48 kHz, softened (gentle low-pass and de-esser), trimmed, faded and brought
to speech loudness (engine/voice/clean.py). The result is cached in the
user's data folder under a hash of the text, the settings and the espeak-ng
version, so a practice speaks from the second time on without running
espeak-ng at all. Without espeak-ng Haven shows captions only.
"""
from __future__ import annotations

import functools
import hashlib
import json
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np

from engine.voice.clean import F32, finish, high_pass, resample, soften
from engine.voice.store import as_stored, cache_dir, read_clip, write_clip

EXE = "espeak-ng"
VOICES = ("en-gb-x-rp+m7", "en+m7", "en")
"""Tried in order (older espeak-ng builds lack the first): British English
(received pronunciation) with the 'm7' variant, whose weaker upper formants
and stronger voicing take the buzz out of espeak's default voice."""
SPEED = 135      # words a minute (espeak's default is 175)
PITCH = 38       # 0-99 (default 50): a little lower, calmer
AMPLITUDE = 60   # 0-200 (default 100): headroom, so espeak never clips internally
PROCESS = 1
"""Bump when the clean-up chain changes, so cached lines are made again."""
TIMEOUT = 60.0
MISSING = ("haven: espeak-ng is not installed; showing captions only "
           "(install it with: sudo apt-get install espeak-ng)")


class SpeechError(RuntimeError):
    """espeak-ng is missing or failed; str() is a one-line message."""


def espeak_exe() -> str | None:
    """espeak-ng's path on PATH, or None."""
    return shutil.which(EXE)


@functools.lru_cache(maxsize=8)
def espeak_version(exe: str) -> str:
    """espeak-ng's version line (run once per binary per process)."""
    try:
        run = subprocess.run([exe, "--version"], capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as e:
        raise SpeechError(f"espeak-ng could not run: {e}") from None
    text = run.stdout.decode("utf-8", "replace").strip()
    if run.returncode != 0 or not text:
        raise SpeechError(f"espeak-ng --version failed (exit {run.returncode})")
    return " ".join(text.splitlines()[0].split("Data at")[0].split())


def speech_available() -> tuple[bool, str]:
    """(True, espeak's version) or (False, a one-line message for the person)."""
    exe = espeak_exe()
    if exe is None:
        return False, MISSING
    try:
        return True, espeak_version(exe)
    except SpeechError as e:
        return False, f"haven: {e}; showing captions only"


def settings() -> dict:
    """Everything that shapes a spoken line (part of its cache key)."""
    return {"voices": list(VOICES), "speed": SPEED, "pitch": PITCH, "amplitude": AMPLITUDE,
            "process": PROCESS}


def plain_text(text: str) -> str:
    """The words as espeak-ng should read them: one line of plain text, with
    espeak's [[phoneme]] input broken up so it is read as ordinary text."""
    clean = "".join(ch if ch.isprintable() else " " for ch in str(text))
    clean = " ".join(clean.split())
    while "[[" in clean or "]]" in clean:
        clean = clean.replace("[[", "[ [").replace("]]", "] ]")
    return clean


def cache_path(text: str, version: str) -> Path:
    """`<data>/cache/voice/<sha256>.wav` for this text, these settings, this espeak."""
    key = json.dumps({"text": text, "settings": settings(), "espeak": version},
                     sort_keys=True, ensure_ascii=False)
    return cache_dir() / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.wav"


def speak_line(text: str) -> np.ndarray:
    """One caption line spoken: mono float32 at 48 kHz (empty for no words).

    Read from the cache when this line was spoken before; SpeechError when
    espeak-ng is missing or fails (the caller shows captions only).
    """
    words = plain_text(text)
    if not words:
        return np.zeros(0, F32)
    exe = espeak_exe()
    if exe is None:
        raise SpeechError(MISSING)
    path = cache_path(words, espeak_version(exe))
    cached = read_clip(path)
    if cached is not None:
        return cached
    raw, rate = synthesise(exe, words)
    clip = as_stored(finish(soften(high_pass(resample(raw, rate)))))
    try:
        write_clip(path, clip)
    except OSError:
        pass  # a full or read-only disk: speak now, synthesise again next time
    return clip


def synthesise(exe: str, words: str) -> tuple[np.ndarray, int]:
    """espeak-ng's raw output for `words`: (float32 mono, its sample rate)."""
    problems = []
    for voice in VOICES:
        cmd = [exe, "--stdout", "-b", "1", "-v", voice, "-s", str(SPEED), "-p", str(PITCH),
               "-a", str(AMPLITUDE), "--stdin"]
        try:
            run = subprocess.run(cmd, input=words.encode("utf-8"), capture_output=True,
                                 timeout=TIMEOUT)
        except (OSError, subprocess.SubprocessError) as e:
            raise SpeechError(f"espeak-ng could not run: {e}") from None
        if run.returncode == 0:
            try:
                return parse_wav(run.stdout)
            except ValueError as e:
                problems.append(f"{voice}: {e}")
                continue
        problems.append(f"{voice}: " + (run.stderr.decode("utf-8", "replace").strip()
                                        or run.stdout.decode("utf-8", "replace").strip()
                                        or f"exit {run.returncode}")[:120])
    raise SpeechError("espeak-ng could not speak (" + "; ".join(problems) + ")")


def parse_wav(data: bytes) -> tuple[np.ndarray, int]:
    """16-bit PCM WAV bytes as written by espeak-ng to a pipe (whose size
    fields may be placeholders): (float32 mono, sample rate)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("espeak-ng wrote no WAV data")
    pos, rate, channels, bits = 12, None, 1, 16
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            _, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[body:body + 16])
        elif cid == b"data":
            if rate is None or bits != 16:
                raise ValueError("espeak-ng wrote an unexpected WAV format")
            end = body + size if 0 < size <= len(data) - body else len(data)
            pcm = data[body:end]
            pcm = pcm[: len(pcm) - len(pcm) % (2 * channels)]
            x = np.frombuffer(pcm, "<i2").astype(F32).reshape(-1, channels).mean(axis=1)
            return x / F32(32768), int(rate)
        pos = body + size + (size & 1)
    raise ValueError("espeak-ng wrote a WAV without audio")
