"""What the player speaks, segment by segment, and how long each clip lasts.

`segment_voice` gives the clips for a voice mode; `clip_seconds` turns them
into the seconds the timeline uses to hold a caption (and lengthen its
segment) until the words are spoken (engine/core/timeline.py, VOICE_TAIL).
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from engine.audio import RATE
from engine.config.practice import Practice
from engine.voice.recorded import prepare, recorded_clip, voice_segments
from engine.voice.speech import SpeechError, speak_line, speech_available

MODES = ("captions", "speech", "recorded")
Clips = dict[str, list[np.ndarray | None]]
log = logging.getLogger(__name__)


def segment_voice(practice: Practice, mode: str, lines_by_segment: dict[str, list[str]],
                  yaml_path: Path | str | None = None) -> Clips:
    """Voice clips by segment id (mono float32 at 48 kHz; None: captions only).

    - "speech": one espeak-ng clip per caption line of `lines_by_segment`
      (the lines as shown, place words included); {} without espeak-ng
      (ask `speech_available()` for the message to show).
    - "recorded": one clip per segment, as a one-element list: the person's
      imported recording, else the practice's own `voice` file (resolved
      against `yaml_path` when given), else None.
    - "captions": {}.
    Silent pauses never get a voice.
    """
    if mode not in MODES:
        raise ValueError(f"unknown voice mode '{mode}' (allowed: {', '.join(MODES)})")
    if mode == "captions":
        return {}
    if mode == "speech":
        return _spoken(practice, lines_by_segment)
    return {seg.id: [recorded_for(practice, seg, yaml_path)] for seg in voice_segments(practice)}


def _spoken(practice: Practice, lines_by_segment: dict[str, list[str]]) -> Clips:
    if not speech_available()[0]:
        return {}
    out: Clips = {}
    for seg in voice_segments(practice):
        lines = lines_by_segment.get(seg.id, list(seg.text))
        clips: list[np.ndarray | None] = []
        for line in lines:
            if not line:   # shown only (a key hint)
                clips.append(None)
                continue
            try:
                clip = speak_line(line)
            except SpeechError as e:
                log.warning("%s: line %r not spoken: %s", seg.id, line, e)
                clip = None
            clips.append(clip if clip is not None and len(clip) else None)
        out[seg.id] = clips
    return out


def recorded_for(practice: Practice, seg, yaml_path) -> np.ndarray | None:
    """The segment's own recording: the person's imported one, else the
    practice's `voice` file (resolved against `yaml_path`), else None."""
    clip = recorded_clip(practice.name, seg.id)
    if clip is not None or not seg.voice or yaml_path is None:
        return clip
    from engine.config.assets import AssetError, resolve_asset
    try:
        path = resolve_asset(Path(yaml_path), seg.voice)
    except AssetError as e:
        log.warning("%s: voice file %s", seg.id, e)
        return None
    clip, _status, reason = prepare(path)
    if clip is None:
        log.warning("%s: %s: %s", seg.id, path, reason)
    return clip


def clip_seconds(clips: Clips, whole: bool = False) -> dict[str, list[float | None] | float]:
    """Seconds of each clip (None where there is none), for the timeline.
    `whole`: each segment's clip is one recording of the whole segment (the
    "recorded" mode), given as a number so the timeline spreads the segment's
    lines across it; segments without one are left out."""
    if whole:
        return {seg: len(lst[0]) / RATE for seg, lst in clips.items() if lst and lst[0] is not None}
    return {seg: [None if c is None else len(c) / RATE for c in lst] for seg, lst in clips.items()}
