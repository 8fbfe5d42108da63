"""A place's whole soundscape: synthesise, load files, mix, master, export.

``render_soundscape`` is what ``render`` (mix.wav) and ``export-audio``
use; a bad sound file becomes a warning and the rest of the place plays.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
import secrets
import shutil
import subprocess
import wave
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from engine.audio import RATE
from engine.audio.files import SoundFileError, ffmpeg_exe, fit_length, load_sound_file, to_nominal
from engine.audio.loudness import master
from engine.audio.mix import Mixer, Track, duck
from engine.audio.sea import SEA_LAYERS, sea_layer
from engine.audio.stream import long_layer

Automation = dict[str | int, Sequence[tuple[float, float]]]


def sound_key(sound) -> str:
    """The name cues use for a sound: its layer, or its file path as written."""
    return sound.layer if sound.layer is not None else str(sound.file)


def layer_seed(seed: int, index: int, key: str) -> int:
    """A stable, well-mixed seed per sound, so two 'birds' in a place differ."""
    words = [seed, index] + list(key.encode())
    return int(np.random.SeedSequence(words).generate_state(1)[0])


def _source(sound, index: int, seconds: float, seed: int, base_dir, resolved=None, breath=None):
    """One sound's audio: a synth layer as a LongLayer (read in blocks), a file as an array.
    With ``breath`` (a sea.BreathCurve), surf and lake follow the breath (sea.sea_layer)."""
    n = int(round(seconds * RATE))
    if sound.layer is not None and breath is not None and sound.layer in SEA_LAYERS:
        return sea_layer(sound.layer, seconds, layer_seed(seed, index, sound.layer), breath)
    if sound.layer is not None:  # read block by block as the mixer adds it (see long_layer)
        return long_layer(sound.layer, seconds, layer_seed(seed, index, sound.layer))
    if isinstance(resolved, Exception):  # the path itself was refused (missing, outside...)
        raise SoundFileError(sound.file, str(resolved))
    path = Path(resolved) if resolved is not None else Path(sound.file)
    if resolved is None and base_dir is not None and not path.is_absolute():
        path = Path(base_dir) / path
    try:
        return fit_length(to_nominal(load_sound_file(path, seconds + 1.0)), n)
    except SoundFileError as exc:
        raise SoundFileError(sound.file, exc.reason) from None


def _mix_one(mixer: Mixer, sound, i: int, audio: np.ndarray, automation: Automation, done=None) -> None:
    key = sound_key(sound)
    mixer.add(Track(key, audio, sound.gain, sound.position, automation.get(i, automation.get(key))),
              done=done)


def render_soundscape(sounds: Sequence, seconds: float, seed: int,
                      automation: Automation | None = None, voice: np.ndarray | None = None,
                      base_dir: str | os.PathLike | None = None,
                      progress: Callable[[float], None] | None = None,
                      mastered: bool = True, paths: Sequence | None = None,
                      edge_fades: tuple[float, float] | None = (3.0, 3.0),
                      breath=None) -> tuple[np.ndarray, list[str]]:
    """Render a place's sounds for ``seconds``: (float32 (n, 2) audio, warnings).

    ``automation`` maps a sound's key (layer name or file as written) or its
    index in ``sounds`` to (t, dB) points (see mix.focus / mix.fade); the
    ``voice`` is mixed in with the bed ducked under it. ``progress`` gets
    0..1 as the mix goes (block by block through each layer, then the master
    stage step by step), for a terminal bar on long exports.
    ``paths`` (one per sound, None for synth layers) gives files already
    resolved by ``engine.config.place_asset_paths`` (an exception in its place
    becomes that sound's warning); ``edge_fades=None``
    leaves both ends unfaded (the caller fades; see export.render_mix_wav).
    ``breath`` (a ``sea.BreathCurve``, for a place with ``breath_sea``): its
    surf and lake swell with the breathing pacer.
    """
    automation = automation or {}
    mixer = Mixer(int(round(seconds * RATE)))
    warnings = []

    def make(i: int):
        resolved = paths[i] if paths is not None else None
        return _source(sounds[i], i, seconds, seed, base_dir, resolved, breath)

    # The next layer is synthesised on the second core while this one is
    # mixed; layers still enter the mix in order with their own seeds, so the
    # output is identical, and at most two layers are in memory at once.
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(make, 0) if sounds else None
        for i, sound in enumerate(sounds):
            current, ahead = ahead, (pool.submit(make, i + 1) if i + 1 < len(sounds) else None)
            try:
                audio = current.result()
            except SoundFileError as exc:
                warnings.append(str(exc))
                continue
            # each layer moves the bar block by block (the master stage, if any, takes the last 20 %)
            share = (0.8 if mastered else 1.0) / max(len(sounds), 1)
            _mix_one(mixer, sound, i, audio, automation,
                     (lambda f, i=i: progress(share * (i + f))) if progress else None)
            del audio
            if progress:
                progress(share * (i + 1))
    if edge_fades is not None:
        out = mixer.finish(voice, *edge_fades)
    else:  # as Mixer.finish, without the edge fades
        out = mixer.bus
        if voice is not None:
            out = duck(out, voice)
            v = voice[:len(out)] if voice.ndim == 2 else np.repeat(voice[:len(out), None], 2, axis=1)
            out[: len(v)] += v.astype(np.float32)
    out = master(out, progress=(lambda f: progress(0.8 + 0.2 * f)) if progress else None) if mastered else out
    if progress:
        progress(1.0)
    return out, warnings


def write_wav(path: str | os.PathLike, buffer: np.ndarray, rate: int = RATE) -> None:
    """16-bit PCM WAV with TPDF dither, written atomically (temp file, rename)."""
    rng = np.random.default_rng(0)
    x = np.asarray(buffer, dtype=np.float32)
    x = x[:, None] if x.ndim == 1 else x
    dither = rng.random(x.shape, dtype=np.float32)  # TPDF: the difference of two uniforms
    dither -= rng.random(x.shape, dtype=np.float32)
    dither += x * np.float32(32767)
    pcm = np.clip(np.round(dither, out=dither), -32768, 32767).astype("<i2")
    path = Path(path)
    # named first, made inside the try: a stop signal can never strand it
    tmp = str(path.parent / f".{path.stem}-{os.getpid()}-{secrets.token_hex(4)}.wav")
    try:
        with open(tmp, "xb") as f, wave.open(f, "wb") as w:
            w.setnchannels(x.shape[1])
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm.tobytes())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


ENCODERS = {".wav": None, ".mp3": ["-codec:a", "libmp3lame", "-q:a", "2"],
            ".ogg": ["-codec:a", "libvorbis", "-q:a", "6"]}


@contextmanager
def _work_folder(parent: Path):
    """A private temporary folder beside the output, removed however the work
    ends. Unlike ``tempfile.TemporaryDirectory`` the folder is made inside the
    ``try``, so a stop signal landing just after ``mkdir`` still removes it."""
    folder = parent / f"tmp-haven-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        folder.mkdir(mode=0o700)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export(path: str | os.PathLike, buffer: np.ndarray, rate: int = RATE) -> None:
    """Write wav, mp3 or ogg (by suffix); compressed ones through bundled ffmpeg."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in ENCODERS:
        raise ValueError(f"{path}: cannot export audio as {suffix or '(none)'} "
                         "(allowed: .wav, .mp3, .ogg)")
    if ENCODERS[suffix] is None:
        return write_wav(path, buffer, rate)
    with _work_folder(path.parent) as tmp:
        wav = Path(tmp) / "mix.wav"
        write_wav(wav, buffer, rate)
        part = Path(tmp) / ("out" + suffix)
        cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-y", "-i", str(wav),
               *ENCODERS[suffix], str(part)]
        run = subprocess.run(cmd, capture_output=True)
        if run.returncode != 0:
            why = run.stderr.decode(errors="replace").strip()[-200:]
            raise OSError(f"{path}: cannot encode: {why}")
        os.replace(part, path)
