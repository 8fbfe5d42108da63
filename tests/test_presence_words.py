"""The compassionate figure's words: a segment with `words: presence` shows
the words the person gave their figure, each as a caption line of its own,
timed like the others, led by the name the person gave it; the segment
grows to fit them; a place whose presence has no words adds nothing."""
from __future__ import annotations

import pytest

from engine.config import load_place, load_practice
from engine.core.director import Director
from engine.core.timeline import GAP, LEAD_IN, build_timeline, line_seconds

WORDS = [
    "I am here with you.",
    "You have carried so much, and you do not have to carry it alone.",
    "You are doing the best you can, and that is enough for now.",
    "Take all the time you need.",
    "I am glad you came.",
    "Whatever you feel is welcome here.",
]


def place_with(words, called: str = "my friend"):
    meadow = load_place("meadow")
    presence = meadow.presence.model_copy(update={"words": list(words), "called": called, "gaze": "warm"})
    return meadow.model_copy(update={"presence": presence})


def receive(tl):
    return next(s for s in tl.slots if s.id == "receive")


def test_without_words_the_receive_segment_is_as_written() -> None:
    practice = load_practice("compassionate-other")
    seg = next(s for s in practice.segments if s.id == "receive")
    assert seg.words == "presence"
    plain = build_timeline(practice, load_place("meadow"))   # the meadow's presence has no words
    none = build_timeline(practice)
    assert receive(plain).lines == tuple(seg.text) == receive(none).lines
    assert receive(plain).length == seg.length and plain.length == none.length


def test_each_of_the_figure_s_words_is_a_caption_of_its_own_after_the_segment_s_lines() -> None:
    practice = load_practice("compassionate-other")
    seg = next(s for s in practice.segments if s.id == "receive")
    tl = build_timeline(practice, place_with(WORDS))
    slot = receive(tl)
    assert slot.lines == tuple(seg.text) + ("From my friend:",) + tuple(WORDS)
    caps = [c for c in tl.captions if c.segment == "receive"]
    assert [c.text for c in caps] == list(slot.lines)
    # timed like every line: reading time each, the same quiet between them
    assert caps[0].start == pytest.approx(slot.start + LEAD_IN)
    for a, b in zip(caps, caps[1:]):
        assert b.start - a.end == pytest.approx(GAP)
    for c in caps:
        assert c.end - c.start == pytest.approx(line_seconds(c.text))
    # the segment grows to fit them (it was 50 s), with a little room after the last
    assert slot.length > seg.length and caps[-1].end < slot.end
    assert slot.end - caps[-1].end == pytest.approx(1.0)
    # ... and everything after it moves on by the same amount
    plain = build_timeline(practice, load_place("meadow"))
    grown = slot.length - receive(plain).length
    after = [s.start for s in tl.slots if s.index > slot.index]
    before = [s.start for s in plain.slots if s.index > slot.index]
    assert after == pytest.approx([b + grown for b in before])


def test_a_few_short_words_fit_the_segment_as_it_is() -> None:
    practice = load_practice("compassionate-other")
    tl = build_timeline(practice, place_with(["I am here."]))
    slot = receive(tl)
    assert slot.lines[-2:] == ("From my friend:", "I am here.") and slot.length == 50


def test_the_words_are_led_by_the_figure_s_name_only_when_it_has_one() -> None:
    practice = load_practice("compassionate-other")
    seg = next(s for s in practice.segments if s.id == "receive")
    assert receive(build_timeline(practice, place_with(WORDS, called=""))).lines == tuple(seg.text) + tuple(WORDS)
    assert receive(build_timeline(practice, place_with(WORDS, called="  "))).lines[len(seg.text)] == WORDS[0]
    named = receive(build_timeline(practice, place_with(WORDS, called="Grandma's dog"))).lines
    assert named[len(seg.text)] == "From Grandma's dog:"
    assert receive(build_timeline(practice, place_with([], called="my guide"))).lines == tuple(seg.text)


def test_the_director_shows_the_words_as_captions_in_the_practice() -> None:
    practice = load_practice("compassionate-other")
    director = Director(practice, place_with(WORDS))
    end = director.timeline.length
    t = 0.0
    while t <= end:
        director.advance(t)
        t += 0.1
    shown = [e["text"] for e in director.log.events if e["kind"] == "caption.show" and e["segment"] == "receive"]
    assert shown[-len(WORDS):] == WORDS
