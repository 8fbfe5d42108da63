"""The practice's voice in the mix: clips placed on the timeline, the bed
ducked under them (pure; no Ursina).

Speech gives one clip per caption line and each starts with its caption;
a recorded voice gives one clip per segment, starting with the segment's
first caption, and the timeline spreads the segment's lines across it. The voice is set a few LU above the bed it is laid over
(measured, not assumed), the bed dips under it, and the whole is mastered
afterwards like any export.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.audio import RATE
from engine.audio.loudness import integrated
from engine.audio.mix import duck
from engine.core.timeline import LEAD_IN, Timeline

ABOVE_BED_LU = 4.0   # voice loudness over the (un-ducked) bed; the duck adds ~8 dB more room


def voice_track(timeline: Timeline, clips: dict, seconds: float) -> np.ndarray:
    """Mono float32 of `seconds`, every clip at its caption's start."""
    out = np.zeros(int(round(seconds * RATE)), np.float32)
    for start, _key, clip in placements(timeline, clips):
        a = int(round(start * RATE))
        if a >= len(out):
            continue
        part = clip[: len(out) - a]
        out[a:a + len(part)] += part
    return out


def placements(timeline: Timeline, clips: dict) -> list[tuple[float, tuple[str, int], np.ndarray]]:
    """(start seconds, (segment id, line), clip) for every clip the timeline will play."""
    out = []
    for slot in timeline.slots:
        lst = clips.get(slot.id) or []
        caps = [c for c in timeline.captions if c.segment == slot.id]
        for j, clip in enumerate(lst):
            if clip is None:
                continue
            if timeline.recording(slot.id) is not None:   # one recording spans the segment
                out.append((slot.start + LEAD_IN, (slot.id, j), clip))
                continue
            cap = next((c for c in caps if c.index == j), None)
            if cap is not None:
                out.append((cap.start, (slot.id, j), clip))
            elif j == 0:
                out.append((slot.start + LEAD_IN, (slot.id, j), clip))
    return out


@dataclass
class VoiceTrack:
    """The spoken lines and the soft breath cues, apart (mono, from 0), so the
    cues keep their place under the words when the voice is levelled."""
    words: np.ndarray
    cues: np.ndarray


SPEECH_STEREO_LUFS = -17.0
"""A track of speech clips (each at -20 LUFS mono) measured as stereo: the
level assumed for breath cues when no line is spoken to measure."""


def lay_voice(bed: np.ndarray, voice: np.ndarray, cues: np.ndarray | None = None) -> np.ndarray:
    """The bed ducked under the voice and the voice laid over it (stereo).
    ``cues`` (mono, soft breath words) get the same gain as the spoken lines,
    so they stay as far under the words as they were made."""
    n = bed.shape[0]
    v = np.zeros(n, np.float32)
    v[: min(n, len(voice))] = voice[:n]
    c = np.zeros(n, np.float32)
    if cues is not None:
        c[: min(n, len(cues))] = cues[:n]
    if not np.any(v) and not np.any(c):
        return bed
    stereo = np.repeat(v[:, None], 2, axis=1)
    spoken = integrated(stereo) if np.any(v) else float("-inf")
    gain_db = integrated(bed) + ABOVE_BED_LU - (spoken if np.isfinite(spoken) else SPEECH_STEREO_LUFS)
    stereo += np.repeat(c[:, None], 2, axis=1)
    stereo *= np.float32(10 ** (gain_db / 20))
    return duck(bed, stereo) + stereo
