"""A practice as sound: the place's soundscape moved by the practice's cues,
with its voice laid over the ducked bed (pure; used by render and export).

A fresh director replays the practice on the same clock the picture uses,
so the mix hears every cue exactly when the frames show it - and, for a
place with ``breath_sea``, its sea follows the same pacer the light does.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.audio.follow import automation, states_over
from engine.audio.sea import BreathCurve
from engine.audio.soundscape import sound_key
from engine.audio.voice_mix import voice_track
from engine.voice.practice import practice_voice


@dataclass
class PracticeSound:
    voice_seconds: dict          # for the timeline: seconds per clip by segment
    automation: dict | None      # (t, dB) points by sound index
    voice: np.ndarray | None     # mono track from 0, or None (captions only)
    message: str | None          # e.g. espeak-ng missing: captions only
    length: float                # seconds the practice lasts with this voice
    breath: BreathCurve | None = None  # the pacer's level and amount (None: breathing never shows)


def practice_sound(place, practice, mode: str = "captions", practice_yaml: Path | None = None,
                   settings=None, seconds: float | None = None, voice=None) -> PracticeSound:
    """``voice``: (seconds, clips, message) already prepared (the session's), else made here."""
    from engine.core.director import Director
    secs, clips, message = voice if voice is not None else practice_voice(practice, place, mode, practice_yaml)
    director = Director(practice, place, settings, voice=secs)
    length = director.timeline.length
    span = length if seconds is None else seconds
    states = states_over(director, span)
    auto = automation([sound_key(s) for s in place.sounds], states)
    from engine.audio.room_tone import ROOM_KEY, room_points   # the calm way out's room tone
    if room := room_points(states):
        auto = {**(auto or {}), ROOM_KEY: room}
    track = voice_track(director.timeline, clips, span) if clips else None
    breath = BreathCurve.from_states(states)
    return PracticeSound(secs, auto, track, message, length, breath if breath.on else None)


def export_practice_audio(place_ref: str, practice_ref: str, out: Path, mode: str = "captions",
                          seed: int | None = None, progress=None) -> dict:
    """Write a whole practice as heard (soundscape, cues, voice), mastered to
    the sound bar; returns the figures like export_place_audio."""
    from engine.audio import RATE
    from engine.audio.export import Progress, _merge_warnings, _written, load_place_lenient, place_soundscape
    from engine.config import load_practice, practice_path
    out = Path(out)
    if out.suffix.lower() not in (".wav", ".mp3", ".ogg"):
        raise ValueError(f"{out}: cannot export audio as {out.suffix or '(none)'} (allowed: .wav, .mp3, .ogg)")
    place, yaml_path, config_lines = load_place_lenient(place_ref)
    practice = load_practice(practice_ref)
    progress = Progress(progress) if progress else None
    sound = practice_sound(place, practice, mode, practice_path(practice_ref))
    if progress:
        progress(0.01)   # the practice replayed: its cues, voice and breath are known
    audio, sound_lines = place_soundscape(place, yaml_path, sound.length, seed, progress,
                                          automation=sound.automation, voice=sound.voice,
                                          breath=sound.breath, share=0.8)
    figures = _written(out, audio, progress)
    warnings = _merge_warnings(config_lines, place, sound_lines) + ([sound.message] if sound.message else [])
    return {"path": str(out), "practice": practice.name, "voice": mode if not sound.message else "captions",
            "seconds": round(audio.shape[0] / RATE, 3),
            "integrated_lufs": round(float(figures["integrated_lufs"]), 2),
            "true_peak_dbtp": round(float(figures["true_peak_dbtp"]), 2),
            "max_short_term_lufs": round(float(figures["max_short_term_lufs"]), 2),
            "warnings": warnings}
