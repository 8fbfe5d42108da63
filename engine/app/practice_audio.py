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
from engine.voice.practice import prepare_voice


@dataclass
class PracticeSound:
    voice_seconds: dict          # for the timeline: seconds per clip by segment
    automation: dict | None      # (t, dB) points by sound index
    voice: np.ndarray | None     # mono track from 0, or None (captions only)
    message: str | None          # e.g. espeak-ng missing: captions only
    length: float                # seconds the practice lasts with this voice
    breath: BreathCurve | None = None  # the pacer's level and amount (None: breathing never shows)
    engine: str = "none"         # which voices speak (PracticeVoice.engine)


def practice_sound(place, practice, mode: str = "captions", practice_yaml: Path | None = None,
                   settings=None, seconds: float | None = None, voice=None, progress=None) -> PracticeSound:
    """``voice``: (seconds, clips, message) already prepared (the session's), else made here.
    ``progress`` hears 0..1 as the voice's lines are made (the slow part)."""
    from engine.core.director import Director
    engine = mode if voice is not None else "none"
    if voice is None:
        spoken = prepare_voice(practice, place, mode, practice_yaml, later=True)
        voice, engine = spoken.as_tuple(), spoken.engine
    secs, clips, message = voice
    director = Director(practice, place, settings, voice=secs)
    length = director.timeline.length
    span = length if seconds is None else seconds
    clips = made_until(director.timeline, clips, span, progress)
    states = states_over(director, span)
    auto = automation([sound_key(s) for s in place.sounds], states)
    from engine.audio.room_tone import ROOM_KEY, room_points   # the calm way out's room tone
    if room := room_points(states):
        auto = {**(auto or {}), ROOM_KEY: room}
    track = voice_track(director.timeline, clips, span) if clips else None
    if track is not None and getattr(director.settings, "breath_voice", False):
        track = with_breath_cues(director, clips, track, span)
    breath = BreathCurve.from_states(states)
    return PracticeSound(secs, auto, track, message, length, breath if breath.on else None, engine)


def as_chosen(practice, option: str | None = None, gently: bool = False, eyes_closed: bool = False):
    """The practice as a session plays it for these choices (Practice.played);
    an option it does not offer is a ValueError naming the ones it does (a
    file is never written for a choice the person did not make)."""
    if option is not None:
        ids = [o.id for o in practice.choose.options] if practice.choose else []
        if option not in ids:
            raise ValueError(f"'{option}' is not one of {practice.name}'s choices"
                             f" ({', '.join(ids) if ids else 'it offers none'})")
    return practice.played(option, gently, eyes_closed)


def with_breath_cues(director, clips: dict, track: np.ndarray, span: float):
    """The voice with soft "in" / "out" on the pacer's stages (setting `breath_voice`),
    wherever no line is spoken near them."""
    from engine.audio import RATE
    from engine.audio.voice_mix import VoiceTrack, placements
    from engine.voice.breath_cues import cue_clips, cue_times, lay_cues
    words = cue_clips()
    if not words:
        return track
    spoken = [(start, start + len(clip) / RATE) for start, _, clip in placements(director.timeline, clips)]
    cues = cue_times(director.log.events, spoken, {k: len(v) / RATE for k, v in words.items()}, span)
    return VoiceTrack(track, lay_cues(np.zeros_like(track), cues, words))


def made_until(timeline, clips: dict, span: float, progress=None) -> dict:
    """`clips` with every line that starts within [0, span) made now, in
    order, and the later ones left out (a short export makes only what it
    holds); ``progress`` hears the share of them made."""
    from engine.audio.voice_mix import placements
    from engine.voice.prepare import Pending
    starts = {key: start for start, key, _ in placements(timeline, clips)}
    wanted = {(seg, j) for seg, lst in clips.items() for j, clip in enumerate(lst)
              if isinstance(clip, Pending) and starts.get((seg, j), span) < span}
    out, made = {}, 0
    for seg, lst in clips.items():
        row = []
        for j, clip in enumerate(lst):
            if isinstance(clip, Pending):
                clip = _speak(clip.text) if (seg, j) in wanted else None
                made += (seg, j) in wanted
                if progress and (seg, j) in wanted:
                    progress(made / len(wanted))
            row.append(clip)
        out[seg] = row
    return out


def _speak(text: str):
    from engine.voice import natural
    try:
        clip = natural.speak(text).clip
    except (natural.VoiceUnavailable, natural.PhonemeError) as e:
        import logging
        logging.getLogger(__name__).warning("line %r not spoken: %s", text, e)
        return None
    return clip if len(clip) else None


VOICE_SHARE = 0.35
"""The share of an export's progress bar for making its voice's lines (about
their share of the time when none is made yet; a voice made before passes at once)."""


def export_practice_audio(place_ref: str, practice_ref: str, out: Path, mode: str = "captions",
                          seed: int | None = None, progress=None, seconds: float | None = None,
                          breath_voice: bool = False, option: str | None = None, gently: bool = False,
                          eyes_closed: bool = False) -> dict:
    """Write a whole practice as heard (soundscape, cues, voice), or its first
    ``seconds``, mastered to the sound bar; returns the figures like
    export_place_audio, with ``voice_engine`` (which voices speak).
    ``option``, ``gently`` and ``eyes_closed``: the practice as the person
    chose it (its option, the gentle route, the words for closed eyes)."""
    from engine.audio import RATE
    from engine.audio.export import Progress, _merge_warnings, _written, load_place_lenient, place_soundscape
    from engine.config import load_practice, practice_path
    out = Path(out)
    if out.suffix.lower() not in (".wav", ".mp3", ".ogg"):
        raise ValueError(f"{out}: cannot export audio as {out.suffix or '(none)'} (allowed: .wav, .mp3, .ogg)")
    place, yaml_path, config_lines = load_place_lenient(place_ref)
    practice = as_chosen(load_practice(practice_ref), option, gently, eyes_closed)
    progress = Progress(progress) if progress else None
    if seconds is not None and seconds <= 0:
        raise ValueError(f"seconds must be more than 0, not {seconds}")
    from engine.config.settings import Settings
    settings = Settings(breath_voice=True) if breath_voice else None
    voice_part = VOICE_SHARE if mode != "captions" else 0.0   # making the voice's lines: the first part of the bar
    sound = practice_sound(place, practice, mode, practice_path(practice_ref), settings, seconds=seconds,
                           progress=(lambda f: progress(voice_part * f)) if progress else None)
    rest = (lambda f: progress(voice_part + (1 - voice_part) * f)) if progress else None
    if rest:
        rest(0.01)   # the practice replayed: its cues, voice and breath are known
    span = sound.length if seconds is None else float(seconds)
    audio, sound_lines = place_soundscape(place, yaml_path, span, seed, rest,
                                          automation=sound.automation, voice=sound.voice,
                                          breath=sound.breath, share=0.8)
    figures = _written(out, audio, rest)
    warnings = _merge_warnings(config_lines, place, sound_lines) + ([sound.message] if sound.message else [])
    voiced = sound.engine != "none"
    return {"path": str(out), "practice": practice.name, "voice": mode if voiced else "captions",
            "voice_engine": sound.engine,
            "seconds": round(audio.shape[0] / RATE, 3),
            "integrated_lufs": round(float(figures["integrated_lufs"]), 2),
            "true_peak_dbtp": round(float(figures["true_peak_dbtp"]), 2),
            "max_short_term_lufs": round(float(figures["max_short_term_lufs"]), 2),
            "warnings": warnings}
