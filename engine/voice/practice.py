"""A practice's voice, ready to lay on its timeline: spoken or recorded
clips per segment, the seconds the timeline gives them, which voice spoke,
or a plain message why there is none.

The "natural" mode takes the voices in order, segment by segment: the
person's own recording of the segment first, then the natural voice line by
line, and the basic voice (espeak-ng) when the natural one cannot run here
(said once, in one line).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from engine.core.timeline import build_timeline

log = logging.getLogger(__name__)
_said: set[str] = set()


@dataclass
class PracticeVoice:
    seconds: dict = field(default_factory=dict)
    """For the timeline: seconds per line (a list) or of a whole recording (a number), by segment."""
    clips: dict = field(default_factory=dict)
    """By segment: mono clips (None: caption only; a prepare.Pending: made in the background)."""
    message: str | None = None
    engine: str = "none"
    """Which voices speak: 'recorded', 'natural:<voice>', 'espeak-ng', joined by '+'; 'none'."""
    preparer: object | None = None
    """The maker of the natural voice's lines still to make (`later`); not yet started."""

    def as_tuple(self) -> tuple[dict, dict, str | None]:
        return self.seconds, self.clips, self.message


def practice_voice(practice, place, mode: str, yaml_path=None) -> tuple[dict, dict, str | None]:
    """(seconds per clip by segment, clips by segment, message or None).
    A missing espeak-ng or recording is a message, never a failure."""
    return prepare_voice(practice, place, mode, yaml_path).as_tuple()


def say_once(message: str) -> str | None:
    """`message` the first time in this process, then None (a fallback is said once)."""
    if message in _said:
        return None
    _said.add(message)
    return message


def prepare_voice(practice, place, mode: str, yaml_path=None, later: bool = False) -> PracticeVoice:
    """The practice's voice in `mode`. `later`: the natural voice's lines not
    yet in the cache are left as `Pending`, with a `Preparer` (not started)
    to make them in order: the window starts it and plays while it works, an
    export makes only the lines its span holds. Otherwise every line is made now."""
    if mode == "captions":
        return PracticeVoice()
    from engine.voice import clip_seconds, segment_voice, speech_available
    if mode == "natural":
        return _natural(practice, place, yaml_path, later)
    if mode == "speech":
        ok, message = speech_available()
        if not ok:
            return PracticeVoice(message=message)
    lines = _lines(practice, place)
    clips = segment_voice(practice, mode, lines, yaml_path)
    if mode == "recorded" and not any(c is not None for lst in clips.values() for c in lst):
        if any(getattr(s, "voice", None) for s in practice.segments):   # named, but none could be read
            return PracticeVoice(message=(f"haven: none of the voice files '{practice.name}' names could be "
                                          "played (each is named above); showing captions only"))
        return PracticeVoice(message=(f"haven: no recorded voice for '{practice.name}' yet; showing captions "
                                      f"only (add your recordings on the home screen with O, or: python "
                                      f"main.py voice import --practice {practice.name} DIR)"))
    engine = "recorded" if mode == "recorded" else "espeak-ng"
    return PracticeVoice(clip_seconds(clips, whole=mode == "recorded"), clips, None, engine)


def _lines(practice, place) -> dict[str, list[str | None]]:
    """Each segment's lines as the voice says them (key hints left out; None: not spoken)."""
    from engine.voice.spoken import spoken_form
    return {s.id: [spoken_form(line) for line in s.lines] for s in build_timeline(practice, place).slots}


def _natural(practice, place, yaml_path, later: bool) -> PracticeVoice:
    from engine.audio import RATE
    from engine.voice import natural
    from engine.voice.prepare import Pending, Preparer
    from engine.voice.recorded import voice_segments
    from engine.voice.segments import recorded_for
    from engine.voice.speech import SpeechError, speak_line, speech_available
    lines = _lines(practice, place)
    own = {seg.id: recorded_for(practice, seg, yaml_path) for seg in voice_segments(practice)}
    ok, why = natural.natural_available()
    if ok:
        try:
            texts = [t for seg in voice_segments(practice) if own[seg.id] is None for t in lines.get(seg.id, seg.text) if t]
            natural.warm(texts, natural.model().language)   # every line's phonemes in one espeak-ng run
            if not later and not all(natural.cached(t) is not None for t in texts):
                natural.model().load()   # lines to make now: the model must load (said once if it cannot)
        except (natural.VoiceUnavailable, natural.PhonemeError) as e:
            ok, why = False, str(e)
    message = None
    if not ok:
        basic, basic_why = speech_available()
        message = say_once(why) if basic else say_once(basic_why)
        if not basic:
            ok = None   # neither voice: recordings only, captions elsewhere
    seconds: dict = {}
    clips: dict = {}
    engines: list[str] = []
    waiting: list[Pending] = []
    for seg in voice_segments(practice):
        if own[seg.id] is not None:
            clips[seg.id], seconds[seg.id] = [own[seg.id]], len(own[seg.id]) / RATE
            engines.append("recorded")
            continue
        texts = lines.get(seg.id, list(seg.text))
        lst: list = []
        secs: list = []
        for text in texts:
            if not text:   # a line for the eyes only (a key hint): shown, not spoken
                lst.append(None)
                secs.append(None)
            elif ok:
                t = natural.line_seconds(text)
                spoken = natural.cached(text) if later else None
                if later and spoken is None:
                    spoken = Pending(text, t)
                    waiting.append(spoken)
                elif spoken is None:
                    try:
                        spoken = natural.speak(text).clip
                    except (natural.VoiceUnavailable, natural.PhonemeError) as e:
                        log.warning("%s: line %r not spoken: %s", seg.id, text, e)
                        spoken = None
                lst.append(spoken if spoken is None or isinstance(spoken, Pending) or len(spoken) else None)
                secs.append(t if lst[-1] is not None else None)
                engines.append(f"natural:{natural.VOICE_NAME}")
            elif ok is False:
                try:
                    clip = speak_line(text)
                except SpeechError as e:
                    log.warning("%s: line %r not spoken: %s", seg.id, text, e)
                    clip = None
                clip = clip if clip is not None and len(clip) else None
                lst.append(clip)
                secs.append(None if clip is None else len(clip) / RATE)
                engines.append("espeak-ng")
            else:
                lst.append(None)
                secs.append(None)
        clips[seg.id], seconds[seg.id] = lst, secs
    preparer = Preparer(waiting, lambda text: natural.speak(text).clip) if waiting else None
    engine = "+".join(dict.fromkeys(engines)) or "none"
    if ok is None and engine == "none":
        return PracticeVoice(message=message)
    return PracticeVoice(seconds, clips, message, engine, preparer)
