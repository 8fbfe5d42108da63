"""The practice's voice in the mix: clips placed on the timeline, the bed
ducked under them (pure; no Ursina).

Speech gives one clip per caption line and each starts with its caption;
a recorded voice gives one clip per segment, starting with the segment's
first caption, and the timeline spreads the segment's lines across it. The voice is set a few LU above the bed it is laid over
(measured, not assumed), the bed dips under it, and the whole is mastered
afterwards like any export.
"""
from __future__ import annotations

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


def lay_voice(bed: np.ndarray, voice: np.ndarray) -> np.ndarray:
    """The bed ducked under the voice and the voice laid over it (stereo)."""
    n = bed.shape[0]
    v = np.zeros(n, np.float32)
    v[: min(n, len(voice))] = voice[:n]
    if not np.any(v):
        return bed
    stereo = np.repeat(v[:, None], 2, axis=1)
    gain_db = integrated(bed) + ABOVE_BED_LU - integrated(stereo)
    stereo *= np.float32(10 ** (gain_db / 20))
    return duck(bed, stereo) + stereo
