"""Soft spoken breath cues: "in" as the breathing light swells, "out" as it
settles (the `breath_voice` setting), for a practice followed with eyes closed.

A cue is one short word in the natural voice (else the basic voice), drawn
out a little and set well under the narration (CUE_GAIN_DB), with a slow
fade in so it never starts sharply. The narration always comes first: a cue
is left out when a line is speaking within CLEAR_S of it. Cues follow the
pacer's own `breath.stage` events, so they keep to the person's pace.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np

from engine.audio import RATE

log = logging.getLogger(__name__)
WORDS = {"inhale": "In.", "exhale": "Out."}
CUE_GAIN_DB = -9.0    # under the narration's level
CLEAR_S = 0.8         # no cue this close to a narration line
FADE_IN_S = 0.06


def cue_clips() -> dict[str, np.ndarray]:
    """{"inhale": clip, "exhale": clip}, mono float32 at RATE; {} when no voice can speak."""
    from engine.audio.envelope import raised_cos
    out: dict[str, np.ndarray] = {}
    for stage, word in WORDS.items():
        clip = _spoken(word)
        if clip is None or not len(clip):
            return {}
        clip = np.array(clip, np.float32) * np.float32(10 ** (CUE_GAIN_DB / 20))
        k = min(int(FADE_IN_S * RATE), len(clip) // 2)
        clip[:k] *= raised_cos(k)
        out[stage] = clip
    return out


def _spoken(word: str) -> np.ndarray | None:
    from engine.voice import natural
    from engine.voice.speech import SpeechError, speak_line, speech_available
    if natural.natural_available()[0]:
        try:
            return natural.speak(word, natural.Delivery(length_scale=1.6)).clip
        except (natural.VoiceUnavailable, natural.PhonemeError) as e:
            log.warning("breath cue %r: %s", word, e)
    if speech_available()[0]:
        try:
            return speak_line(word)
        except SpeechError as e:
            log.warning("breath cue %r: %s", word, e)
    return None


def cue_times(events: Iterable[dict], spoken: Sequence[tuple[float, float]], seconds: dict[str, float],
              until: float) -> list[tuple[float, str]]:
    """(t, stage) for each in/out breath stage before `until` that no
    narration line (`spoken`: (start, end) spans) comes within CLEAR_S of."""
    out = []
    for e in events:
        stage = e.get("stage")
        if e.get("kind") != "breath.stage" or stage not in seconds or e["t"] >= until:
            continue
        a, b = e["t"] - CLEAR_S, e["t"] + seconds[stage] + CLEAR_S
        if not any(s < b and a < end for s, end in spoken):
            out.append((float(e["t"]), stage))
    return out


def lay_cues(track: np.ndarray, cues: list[tuple[float, str]], clips: dict[str, np.ndarray]) -> np.ndarray:
    """`track` (mono voice) with each cue's clip added at its time."""
    for t, stage in cues:
        a = int(round(t * RATE))
        part = clips[stage][: max(0, len(track) - a)]
        track[a:a + len(part)] += part
    return track
