"""A practice laid out on the session clock: what is active at time t (pure).

The timeline turns a practice's segments into absolute times: when each
segment starts and ends, when each caption line shows and hides, when each
cue fires. Captions of a segment follow one another from its start, each
held for its reading (or spoken) time; the rest of the segment is quiet room
to imagine. A spoken voice (one clip a line) longer than the reading time
lengthens its line, and the segment with it, so no words are cut off. A
recorded voice is one clip for a whole segment: the segment's caption lines
(the place's words included) are spread across the recording, each given a
share of it in proportion to its words, and the segment lasts at least as
long as the recording.

Extending a segment or skipping to the next rebuilds the schedule from that
moment on; everything already past stays where it was. The clock (engine/
clock.py) says what time it is; the timeline only answers "what is on now".
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Sequence

from engine.config.practice import Practice, Segment

LEAD_IN = 1.0        # s from a segment's start to its first caption
GAP = 1.2            # s of quiet between caption lines
MIN_LINE = 3.5       # s a caption line stays at least
WORD_SECONDS = 0.42  # s per word read slowly (about 140 words a minute)
LINE_BASE = 1.2      # s added to every line (taking it in)
VOICE_TAIL = 0.6     # s a line stays after its spoken words end
LINE_BREAK = 0.25    # s between two lines spread over one recording (each fades out, the next in)
SETTLE = 1.0         # s of quiet a segment keeps after its last words

CARRIED_OVER_A_SKIP = frozenset({
    "breath.on", "breath.off", "light.warm", "light.soften", "sounds.fade",
    "colour.spread", "colour.fade", "camera.still", "ladder.step", "presence.retreat",
})
"""Cues that set how the place is from then on. When a person skips a
segment before one of these comes, it lands as the segment ends, so the next
segment finds the place as it expects (the colour spread, the light warmed).
Everything else a skip passes over is dropped: the presence comes only at
its own moment and when asked, and a picker, a letter page or an invitation
to walk about never opens because of a skip. Cues that only hold for their
own segment (colours.lift, sounds.focus) have nothing left to do."""


def line_seconds(text: str) -> float:
    """How long a caption line stays: slow reading time, at least 3.5 s."""
    return max(MIN_LINE, LINE_BASE + WORD_SECONDS * len(text.split()))


def text_seconds(lines: Sequence[str], voice: Sequence[float | None] | None = None) -> float:
    """Seconds from a segment's start until its last caption hides."""
    if not lines:
        return 0.0
    total = LEAD_IN + GAP * (len(lines) - 1)
    for i, line in enumerate(lines):
        spoken = voice[i] if voice is not None and i < len(voice) else None
        total += max(line_seconds(line), (spoken or 0.0) + VOICE_TAIL)
    return total


def recording_needs(seconds: float) -> float:
    """Seconds a segment needs to hold a recording of `seconds` (lead-in,
    the recording, its tail and a moment of quiet)."""
    return LEAD_IN + seconds + VOICE_TAIL + SETTLE


def spread(lines: Sequence[str], start: float, seconds: float) -> list[tuple[float, float]]:
    """(start, end) of each line over one recording of `seconds` from `start`:
    each line's share is in proportion to its words; the last stays for the
    recording's tail."""
    words = [max(len(line.split()), 1) for line in lines]
    total = sum(words)
    bounds, acc = [], 0
    for w in words:
        bounds.append(start + seconds * acc / total)
        acc += w
    bounds.append(start + seconds)
    out = []
    for j in range(len(lines)):
        a, b = bounds[j], bounds[j + 1]
        last = j == len(lines) - 1
        out.append((a, b + VOICE_TAIL if last else max(a + (b - a) * 0.5, b - LINE_BREAK)))
    return out


@dataclass(frozen=True)
class Caption:
    start: float
    end: float
    text: str
    segment: str
    index: int


@dataclass(frozen=True)
class CueAt:
    t: float
    do: str
    args: dict[str, Any]
    segment: str
    carried: bool = False
    """Landed at the end of a skipped segment, not at its own time."""


@dataclass(frozen=True)
class Slot:
    """One segment placed on the clock."""
    id: str
    index: int       # the segment's place in the practice
    start: float
    end: float
    lines: tuple[str, ...]
    silent: bool

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass
class Timeline:
    practice: Practice
    place_words: dict[str, list[str]] = field(default_factory=dict)
    voice: dict[str, list[float | None] | float] = field(default_factory=dict)
    """By segment id (from the voice module): spoken seconds per caption line
    (a list), or the seconds of one recording of the whole segment (a number)."""
    presence_name: str = ""
    """What the person calls their figure; it leads the figure's words."""
    slots: list[Slot] = field(init=False)
    captions: list[Caption] = field(init=False)
    cues: list[CueAt] = field(init=False)
    _stretch: dict[int, float] = field(default_factory=dict, init=False)
    _dropped: set[int] = field(default_factory=set, init=False)
    _skipped: set[int] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self._layout()

    # -- layout --------------------------------------------------------
    def segment_lines(self, seg: Segment) -> tuple[str, ...]:
        """Caption lines as shown: the text exactly, then the place's words -
        its smells or touch as one line, or the presence's words (what the
        person's compassionate figure would say to them) each as a line of
        its own, led by the name the person gave it ('From my guide:') when
        they gave one. A place without such words adds nothing."""
        lines = list(seg.text)
        words = self.place_words.get(seg.words) if seg.words else None
        if words and seg.words == "presence":
            lines.extend(([f"From {self.presence_name}:"] if self.presence_name else []) + words)
        elif words:
            lines.append(", ".join(words) + ".")
        return tuple(lines)

    def _layout(self) -> None:
        self.slots, self.captions, self.cues = [], [], []
        t = 0.0
        for i, seg in enumerate(self.practice.segments):
            if i in self._dropped:
                continue
            lines = () if seg.pause is not None else self.segment_lines(seg)
            spoken = self.voice.get(seg.id) if seg.pause is None else None
            if isinstance(spoken, (int, float)):   # one recording spans the segment
                length = max(seg.length, recording_needs(float(spoken)))
            else:
                need = text_seconds(lines, spoken)
                length = max(seg.length, need + SETTLE if lines and need > seg.length - SETTLE else seg.length)
            length = self._stretch.get(i, length) if i in self._stretch else length
            slot = Slot(seg.id, i, t, t + length, lines, seg.pause is not None)
            self.slots.append(slot)
            self._place_captions(slot, spoken)
            self.cues.extend(self._segment_cues(i, seg, t, length))
            t += length
        self.cues.sort(key=lambda c: c.t)
        self._starts = [s.start for s in self.slots]

    def _segment_cues(self, i: int, seg: Segment, start: float, length: float) -> list[CueAt]:
        """The segment's cues on the clock. A skip drops those it passed over,
        except the ones that set the place's state from then on
        (CARRIED_OVER_A_SKIP): they land, in order, as the segment ends."""
        out = []
        for cue in seg.cues:
            if cue.at <= length:
                out.append(CueAt(start + cue.at, cue.do, dict(cue.args), seg.id))
            elif i in self._skipped and cue.do in CARRIED_OVER_A_SKIP:
                out.append(CueAt(start + length, cue.do, dict(cue.args), seg.id, carried=True))
        return out

    def recording(self, segment_id: str) -> float | None:
        """Seconds of the segment's own recording, when it has one."""
        value = self.voice.get(segment_id)
        return float(value) if isinstance(value, (int, float)) else None

    def _place_captions(self, slot: Slot, spoken: list[float | None] | float | None) -> None:
        t = slot.start + LEAD_IN
        if isinstance(spoken, (int, float)):
            for j, (a, b) in enumerate(spread(slot.lines, t, float(spoken))):
                end = min(b, slot.end)
                if end <= a:
                    break
                self.captions.append(Caption(a, end, slot.lines[j], slot.id, j))
            return
        for j, line in enumerate(slot.lines):
            voice = spoken[j] if spoken and j < len(spoken) else None
            hold = max(line_seconds(line), (voice or 0.0) + VOICE_TAIL)
            end = min(t + hold, slot.end)
            if end <= t:
                break
            self.captions.append(Caption(t, end, line, slot.id, j))
            t = end + GAP

    # -- queries -------------------------------------------------------
    @property
    def length(self) -> float:
        return self.slots[-1].end

    def index_at(self, t: float) -> int:
        """Index of the segment active at t (the last one after the end)."""
        return max(0, min(bisect.bisect_right(self._starts, t) - 1, len(self.slots) - 1))

    def segment_at(self, t: float) -> Slot:
        return self.slots[self.index_at(t)]

    def caption_at(self, t: float) -> Caption | None:
        for c in self.captions:
            if c.start <= t < c.end:
                return c
            if c.start > t:
                break
        return None

    def cues_between(self, t0: float, t1: float) -> list[CueAt]:
        """Cues with t0 <= t < t1 (each fires once as the clock passes it)."""
        return [c for c in self.cues if t0 <= c.t < t1]

    def done(self, t: float) -> bool:
        return t >= self.length

    # -- changes (the therapist's or the person's) --------------------
    def extend(self, t: float, seconds: float) -> None:
        """Give the segment active at t `seconds` more; later ones move on."""
        slot = self.segment_at(t)
        self._stretch[slot.index] = slot.length + seconds
        self._layout()

    def _end_now(self, t: float) -> Slot:
        slot = self.segment_at(t)
        self._stretch[slot.index] = max(t - slot.start, 1e-3)
        return slot

    def skip(self, t: float) -> float:
        """End the segment active at t now; the next begins at once and later
        ones move up. Returns the next segment's start (t itself)."""
        slot = self._end_now(t)
        self._skipped.add(slot.index)
        self._layout()
        return next(s.end for s in self.slots if s.index == slot.index)

    def jump_to_return(self, t: float) -> bool:
        """The calm way out: end what is on now and go straight to the
        practice's `return` segment (segments between are left out).
        False when there is no return segment still ahead."""
        slot = self.segment_at(t)
        later = [s.index for s in self.slots if s.index > slot.index]
        back = [i for i in later if self.practice.segments[i].id == "return"]
        if slot.id == "return" or not back:
            return False
        self._end_now(t)
        self._dropped.update(i for i in later if i < back[0])
        self._layout()
        return True

def build_timeline(practice: Practice, place=None, voice: dict[str, list[float | None] | float] | None = None) -> Timeline:
    """The practice on the clock, with the place's smells and touch words and
    its presence's words."""
    if place is None:
        return Timeline(practice, {}, voice or {})
    presence = getattr(place, "presence", None)
    figure = getattr(presence, "words", None) or []
    called = (getattr(presence, "called", "") or "").strip()
    words = {"smells": list(place.smells), "touch": list(place.touch), "presence": list(figure)}
    return Timeline(practice, words, voice or {}, presence_name=called)


__all__ = ["Caption", "CueAt", "Slot", "Timeline", "build_timeline", "line_seconds", "recording_needs", "spread",
           "text_seconds"]
