"""A practice's voice, ready to lay on its timeline: spoken or recorded
clips per segment, or a plain message why there are none."""
from __future__ import annotations

from engine.core.timeline import build_timeline


def practice_voice(practice, place, mode: str, yaml_path=None) -> tuple[dict, dict, str | None]:
    """(seconds per clip by segment, clips by segment, message or None).
    A missing espeak-ng or recording is a message, never a failure."""
    if mode == "captions":
        return {}, {}, None
    from engine.voice import clip_seconds, segment_voice, speech_available
    if mode == "speech":
        ok, message = speech_available()
        if not ok:
            return {}, {}, message
    lines = {s.id: list(s.lines) for s in build_timeline(practice, place).slots}
    clips = segment_voice(practice, mode, lines, yaml_path)
    if mode == "recorded" and not any(c is not None for lst in clips.values() for c in lst):
        if any(getattr(s, "voice", None) for s in practice.segments):   # named, but none could be read
            return {}, {}, (f"haven: none of the voice files '{practice.name}' names could be played "
                            "(each is named above); showing captions only")
        return {}, {}, (f"haven: no recorded voice for '{practice.name}' yet; showing captions only "
                        f"(import one with: python main.py voice import --practice {practice.name} DIR)")
    return clip_seconds(clips, whole=mode == "recorded"), clips, None
