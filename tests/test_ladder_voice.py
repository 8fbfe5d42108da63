"""The imagery ladder and the voice: at 'sound only' and 'eyes closed' the
voice speaks, captions it says fade, and lines that ask to look are said as
listening or feeling instead."""
from __future__ import annotations

import shutil
import time

import numpy as np
import pytest

from engine.app.session import Choice, assemble
from engine.config.loader import load_practice
from engine.config.settings import Settings
from engine.core.ladder import caption_veil, spoken
from engine.live.voice import LiveVoice
from engine.voice import natural

needs_voice = pytest.mark.skipif(shutil.which("espeak-ng") is None or natural.voice_files() is None,
                                 reason="the natural voice needs espeak-ng and its model package")


def test_the_voice_speaks_from_sound_only_and_captions_fade_with_the_glide() -> None:
    assert [spoken(s) for s in range(5)] == [False, False, False, True, True]
    assert [caption_veil(v) for v in (0, 2, 2.5, 3, 4)] == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_every_line_that_asks_to_look_has_something_to_hear_or_feel_instead() -> None:
    from engine.config.catalog import builtin_practices
    looking = ("following the light", "gaze rest", "on the scene", "the light grows", "soft gaze")
    swapped = 0
    for name in builtin_practices():
        p = load_practice(name)
        unseen = {seg.id: seg.text for seg in p.unseen().segments}
        for seg in p.segments:
            for j, line in enumerate(seg.text):
                other = unseen[seg.id][j]
                if any(w in line.lower() for w in looking):
                    assert j in seg.eyes_closed, (name, line)
                if j in seg.eyes_closed:
                    swapped += 1
                    assert other == seg.eyes_closed[j] != line and not any(w in other.lower() for w in looking)
    assert swapped >= 10


@needs_voice
def test_at_sound_only_the_captions_person_hears_the_practice_and_reads_no_spoken_caption() -> None:
    s = assemble(Choice("meadow", "soothing-breathing", "captions"), Settings(ladder_step=3), voice_later=True)
    assert s.ladder_voice and s.voice_engine.startswith("natural") and s.speaks_now()
    lines = [c for c in s.director.timeline.captions]
    said = [c for c in lines if (c.segment, c.index) in s.director.voiced]
    assert len(said) >= len(lines) - 2          # key-hint lines are not said
    assert not any("gaze rest softly on the scene" in c.text for c in lines)   # the eyes-closed words instead
    c = said[1]
    mid = (c.start + c.end) / 2
    assert s.director.state(mid).caption_alpha == 0.0
    unsaid = [c for c in lines if (c.segment, c.index) not in s.director.voiced]
    for c in unsaid:   # a line no voice says stays shown
        assert s.director.state((c.start + c.end) / 2).caption_alpha > 0.9


@needs_voice
def test_reading_captions_the_voice_waits_unmade_until_the_ladder_reaches_sound_only() -> None:
    s = assemble(Choice("meadow", "safe-place-short", "captions"), Settings(), voice_later=True, standby_voice=True)
    assert s.ladder_voice and not s.speaks_now()
    assert s.voice_preparer is not None and s.voice_preparer.started_at is None
    tl = s.director.timeline
    assert s.director.state(tl.captions[1].start + 2).caption_alpha > 0.9    # at the full scene, captions as ever
    from engine.audio.voice_mix import placements
    voice = LiveVoice(None, placements(tl, s.clips), preparer=s.voice_preparer, speaks=s.speaks_now)
    first = voice.clips[0]
    voice.update(first.start + 0.1, False)
    assert first.state == "unsaid" and s.voice_preparer.started_at is None   # nothing made, nothing said
    t = tl.captions[3].start - 12.0
    s.director.set_ladder(t, 3, source="therapist")
    voice.update(t, False)
    assert s.voice_preparer.started_at is not None
    ahead = [c for c in voice.clips if c.state == "waiting"]
    assert first.key not in {c.key for c in ahead} and len(s.voice_preparer.lines) == len(ahead)   # the past is not made
    nxt = ahead[0]
    nxt.start = t + 0.5   # the test's clock waits for the line the way a practice never would
    deadline = time.monotonic() + 60
    while s.voice_preparer.lines[0].ready() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    voice.update(t + 0.6, False)
    assert nxt.state == "playing" and nxt.key in voice.started
    clip = s.voice_preparer.lines[0].ready()
    assert len(clip) > 16000 and float(np.sqrt(np.mean(clip ** 2))) > 0.01   # a real spoken line, not silence
    assert s.director.state(tl.length).ladder == pytest.approx(3.0)
    voice.destroy()
