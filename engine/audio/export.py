"""A place's soundscape as a file: ``export-audio`` and ``render``'s mix.wav.

``place_soundscape`` mixes a place's sounds (synthesised layers and the
person's own files, resolved with the config helpers) and masters them to
the sound bar: -20 LUFS integrated, true peak <= -1 dBTP, short-term (3 s)
never above -15 LUFS. ``export_place_audio`` writes it as wav, mp3 or ogg.
``render_mix_wav`` writes the soundscape of exactly a render's span
[start, start + seconds]; a short render gets short edge fades (at most 10 %
of its length each end) so it is not faded to nothing. The loudness bar is
held for full exports; a short slice is levelled the same way but is too
short for the integrated figure to mean much.

A sound file that cannot be played (missing, outside the allowed folders,
corrupt) gives a one-line warning naming it, and the rest of the place plays.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import numpy as np

from engine.audio import RATE
from engine.audio.envelope import raised_cos
from engine.audio.loudness import master, measure
from engine.audio.soundscape import export, render_soundscape, write_wav

EDGE_FADE = 3.0      # s, each end of a full export
SHORT_FADE_SHARE = 0.1   # a short clip fades at most this share of its length at each end
MIN_FADE = 0.02      # s: even the shortest clip starts and ends on a ramp
_FILE_PROBLEM = re.compile(r": sounds\.(\d+)\.file: ")


def edge_fade_seconds(seconds: float) -> float:
    """Fade length at each end: 3 s for a full export, at most 10 % of a
    short one (renders under 30 s), never under 20 ms."""
    return max(MIN_FADE, min(EDGE_FADE, SHORT_FADE_SHARE * seconds))


def apply_edge_fades(buf: np.ndarray, seconds: float) -> np.ndarray:
    """Raised-cosine fade in and out of ``seconds`` each, in place."""
    n = buf.shape[0]
    k = min(int(round(seconds * RATE)), n // 2)
    if k > 0:
        ramp = raised_cos(k)[:, None]
        buf[:k] *= ramp
        buf[n - k:] *= ramp[::-1]
    return buf


def resolved_paths(place, yaml_path: Path | None) -> list:
    """One entry per sound: None (synth layer), a resolved Path, or the
    AssetError saying why that file cannot be used (it becomes a warning)."""
    from engine.config import AssetError, resolve_asset
    out: list = []
    for sound in place.sounds:
        if sound.file is None:
            out.append(None)
        elif yaml_path is None:
            out.append(Path(sound.file))
        else:
            try:
                out.append(resolve_asset(yaml_path, sound.file))
            except AssetError as exc:
                out.append(exc)
    return out


def _mix(place, yaml_path, seconds: float, seed: int | None, progress=None,
         automation=None, voice: np.ndarray | None = None, breath=None) -> tuple[np.ndarray, list[str]]:
    """The place's sounds over [0, seconds], placed, gained and automated (the
    practice's cues), with the voice over the ducked bed; unfaded, unmastered.
    ``breath`` (sea.BreathCurve): the practice's breathing, which the place's
    surf and lake follow when the place has ``breath_sea``."""
    seed = place.seed if seed is None else int(seed)
    breath = breath if getattr(place, "breath_sea", False) and breath is not None and breath.on else None
    bed, warnings = render_soundscape(place.sounds, seconds, seed, paths=resolved_paths(place, yaml_path),
                                      progress=progress, mastered=False, edge_fades=None,
                                      automation=automation, breath=breath)
    if voice is not None:
        from engine.audio.voice_mix import VoiceTrack, lay_voice
        bed = lay_voice(bed, voice.words, voice.cues) if isinstance(voice, VoiceTrack) else lay_voice(bed, voice)
    from engine.audio.room_tone import add_room_tone   # the calm way out's quiet room (ROOM_KEY)
    bed = add_room_tone(bed, place, automation)
    return bed, warnings


def place_soundscape(place, yaml_path: Path | None, seconds: float, seed: int | None = None,
                     progress: Callable[[float], None] | None = None, automation=None,
                     voice: np.ndarray | None = None, breath=None,
                     share: float = 1.0) -> tuple[np.ndarray, list[str]]:
    """(float32 (n, 2) at 48 kHz, warnings): the place's soundscape, faded at both
    ends and mastered to -20 LUFS / <= -1 dBTP / short-term <= -15 LUFS.
    ``progress`` hears 0..``share`` as it goes: the mix block by block (to
    43 % of the share: about its share of the time), then the master stage
    step by step."""
    if seconds <= 0:
        raise ValueError(f"seconds must be more than 0, not {seconds}")
    mixed, warnings = _mix(place, yaml_path, seconds, seed,
                           (lambda f: progress(0.43 * share * f)) if progress else None, automation, voice, breath)
    apply_edge_fades(mixed, edge_fade_seconds(seconds))
    out = master(mixed, progress=(lambda f: progress(share * (0.43 + 0.57 * f))) if progress else None)
    return out, warnings


class Progress:
    """A progress callback that only moves forward and only redraws when the
    bar has moved at least ``step`` (so a long export does not flood the
    terminal); 1.0 always comes through, once."""

    def __init__(self, show: Callable[[float], None], step: float = 0.005):
        self.show, self.step, self.shown = show, step, -1.0

    def __call__(self, fraction: float) -> None:
        f = min(max(float(fraction), 0.0), 1.0)
        if self.shown >= 1.0 or f <= self.shown:
            return
        if f >= 1.0 or f - self.shown >= self.step:
            self.shown = f
            self.show(f)


def _written(out: Path, audio: np.ndarray, progress) -> dict:
    """Write the export, then measure it; the bar reaches 100 % only when both are done."""
    out.parent.mkdir(parents=True, exist_ok=True)
    export(out, audio)
    if progress:
        progress(0.86)
    figures = measure(audio, progress=(lambda f: progress(0.86 + 0.14 * f)) if progress else None)
    if progress:
        progress(1.0)
    return figures


def load_place_lenient(place_ref: str):
    """(place, yaml_path, warnings). A place whose only problems are sound files
    (missing, refused) still loads: those lines become warnings and the rest
    plays. Any other problem raises ConfigError as load_place does."""
    from engine.config import ConfigError, load_place, place_path
    path = place_path(place_ref)
    try:
        return load_place(place_ref), path, []
    except ConfigError as exc:
        if not exc.problems or not all(_FILE_PROBLEM.search(line) for line in exc.problems):
            raise
        from engine.config.loader import read_doc
        from engine.config.place import Place
        from engine.config.refs import display_name
        return Place.model_validate(read_doc(path, display_name(path)).data), path, list(exc.problems)


def _merge_warnings(config_lines: list[str], place, sound_lines: list[str]) -> list[str]:
    """Config lines first; drop a sound warning for a file they already named."""
    named = {place.sounds[int(m.group(1))].file for line in config_lines
             if (m := _FILE_PROBLEM.search(line)) and int(m.group(1)) < len(place.sounds)}
    return config_lines + [w for w in sound_lines if not any(w.startswith(f"{f}: ") for f in named)]


def export_place_audio(place_ref: str, out: Path, seconds: float = 120.0, seed: int | None = None,
                       progress: Callable[[float], None] | None = None) -> dict:
    """Write the place's soundscape to ``out`` (.wav, .mp3 or .ogg).

    Returns {path, seconds, integrated_lufs, true_peak_dbtp,
    max_short_term_lufs, warnings}; the figures are measured on the mastered
    buffer before encoding. ConfigError for a bad place; ValueError for an
    unknown suffix (checked before any work).
    """
    out = Path(out)
    if out.suffix.lower() not in (".wav", ".mp3", ".ogg"):
        raise ValueError(f"{out}: cannot export audio as {out.suffix or '(none)'} "
                         "(allowed: .wav, .mp3, .ogg)")
    place, yaml_path, config_lines = load_place_lenient(place_ref)
    progress = Progress(progress) if progress else None
    audio, sound_lines = place_soundscape(place, yaml_path, seconds, seed, progress, share=0.8)
    figures = _written(out, audio, progress)
    return {"path": str(out), "seconds": round(audio.shape[0] / RATE, 3),
            "integrated_lufs": round(float(figures["integrated_lufs"]), 2),
            "true_peak_dbtp": round(float(figures["true_peak_dbtp"]), 2),
            "max_short_term_lufs": round(float(figures["max_short_term_lufs"]), 2),
            "warnings": _merge_warnings(config_lines, place, sound_lines)}


def practice_seconds(practice_ref: str) -> float:
    """A practice's total length in seconds (ConfigError if it cannot be loaded)."""
    from engine.config import load_practice
    practice = load_practice(practice_ref)
    return float(practice.length)


def render_mix_wav(place, yaml_path: Path | None, start: float, seconds: float,
                   seed: int | None, out_path: Path, automation=None,
                   voice: np.ndarray | None = None, breath=None) -> list[str]:
    """Write the soundscape of exactly [start, start + seconds] to ``out_path``
    (16-bit WAV); returns the warnings. Same place, span and seed: the same file.

    The layers are made from time 0 (so the span holds what a session hears
    then), the span is cut out, levelled like an export, and faded at each
    end by ``edge_fade_seconds(seconds)``, so even a 2 s render is audible.
    """
    start = max(0.0, float(start))
    n = max(1, int(round(seconds * RATE)))
    total = (int(round(start * RATE)) + n) / RATE
    mixed, warnings = _mix(place, yaml_path, total, seed, automation=automation, voice=voice, breath=breath)
    a = int(round(start * RATE))
    span = np.ascontiguousarray(mixed[a:a + n])
    del mixed
    if span.shape[0] < n:
        span = np.pad(span, ((0, n - span.shape[0]), (0, 0)))
    span = master(span)
    apply_edge_fades(span, edge_fade_seconds(seconds))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    write_wav(out_path, span)
    return warnings


__all__ = ["Progress", "apply_edge_fades", "edge_fade_seconds", "export_place_audio", "load_place_lenient",
           "place_soundscape", "practice_seconds", "render_mix_wav", "resolved_paths"]
