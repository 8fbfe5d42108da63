"""The practice timeline and the director: schedule, changes, cue effects."""
from __future__ import annotations

import pytest

from engine.config import load_practice
from engine.config.practice import Practice
from engine.config.settings import Settings
from engine.core.director import GROUND_WORDS, Director
from engine.core.timeline import GAP, LEAD_IN, build_timeline, line_seconds

from pathlib import Path

DATA = Path(__file__).parent / "data"


def practice(**over) -> Practice:
    doc = {"name": "p", "title": "P", "segments": [
        {"id": "settle", "text": ["One two three.", "Four five six seven."], "duration": 20,
         "cues": [{"at": 0, "do": "breath.on"}]},
        {"id": "quiet", "pause": 10},
        {"id": "sound", "text": ["Listen."], "duration": 30,
         "cues": [{"at": 2, "do": "sounds.focus", "args": {"layers": ["surf"]}}, {"at": 20, "do": "light.warm"}]},
        {"id": "smell", "text": ["Perhaps:"], "words": "smells", "duration": 20},
        {"id": "return", "text": ["Come back."], "duration": 20, "cues": [{"at": 0, "do": "ground"}]},
    ]}
    doc.update(over)
    return Practice.model_validate(doc)


def run(director: Director, until: float, fps: float = 10.0) -> list[dict]:
    n = int(round(until * fps))
    for i in range(n + 1):
        director.advance(i / fps)
    return director.log.events


def test_segments_follow_one_another_from_the_practice_file() -> None:
    tl = build_timeline(practice())
    assert [(s.id, s.start, s.end) for s in tl.slots] == [
        ("settle", 0, 20), ("quiet", 20, 30), ("sound", 30, 60), ("smell", 60, 80), ("return", 80, 100)]
    assert tl.segment_at(25.0).id == "quiet" and tl.segment_at(1000).id == "return"


def test_captions_follow_in_order_with_reading_time_and_a_gap() -> None:
    tl = build_timeline(practice())
    first, second = tl.captions[0], tl.captions[1]
    assert first.start == LEAD_IN and first.end == pytest.approx(LEAD_IN + line_seconds(first.text))
    assert second.start == pytest.approx(first.end + GAP)
    assert tl.caption_at(2.0).text == "One two three." and tl.caption_at(first.end + 0.1) is None
    assert all(c.start < c.end <= next(s.end for s in tl.slots if s.id == c.segment) for c in tl.captions)


def test_the_place_words_join_the_smell_captions_exactly() -> None:
    class Place:
        smells = ["salt on the breeze", "warm sand"]
        touch = []
    tl = build_timeline(practice(), Place())
    lines = [c.text for c in tl.captions if c.segment == "smell"]
    assert lines == ["Perhaps:", "salt on the breeze, warm sand."]


def test_a_long_voice_lengthens_its_line_and_segment() -> None:
    tl = build_timeline(practice(), voice={"sound": [45.0]})
    sound = next(s for s in tl.slots if s.id == "sound")
    caption = next(c for c in tl.captions if c.segment == "sound")
    assert caption.end - caption.start == pytest.approx(45.6)
    assert sound.length >= 45.6 + LEAD_IN and tl.slots[-1].start == pytest.approx(sound.end + 20)


def test_extend_and_skip_move_only_what_is_ahead() -> None:
    tl = build_timeline(practice())
    tl.extend(35.0, 15.0)
    assert [(s.id, s.start) for s in tl.slots][2:] == [("sound", 30), ("smell", 75), ("return", 95)]
    assert next(c for c in tl.cues if c.do == "light.warm").t == 50  # inside the segment, not moved
    nxt = tl.skip(40.0)
    assert nxt == pytest.approx(40.0) and tl.segment_at(40.0).id == "smell"
    warm = [c for c in tl.cues if c.do == "light.warm"]   # the place's state: it lands as the segment ends
    assert [(c.t, c.carried) for c in warm] == [(pytest.approx(40.0), True)]
    assert [c.do for c in tl.cues if c.segment == "sound"] == ["sounds.focus", "light.warm"]  # in order
    assert tl.length == pytest.approx(80.0)


def skippable(cues: list[dict]) -> Practice:
    return practice(segments=[
        {"id": "one", "text": ["One."], "duration": 30, "cues": cues},
        {"id": "two", "text": ["Two."], "duration": 20, "cues": [{"at": 0, "do": "light.soften"}]},
        {"id": "return", "text": ["Back."], "duration": 20, "cues": [{"at": 0, "do": "ground"}]},
    ])


def test_a_skip_lands_the_place_s_state_and_drops_what_needs_its_moment() -> None:
    """Skipped before they come: the colour, the light and the breath land as
    the segment ends, in their order and before the next segment's own cues;
    the presence, the picker, the letter and the invitation to walk never
    come because of a skip."""
    cues = [{"at": 2, "do": "colour.spread"}, {"at": 10, "do": "presence.approach"},
            {"at": 12, "do": "colour.choose"}, {"at": 14, "do": "letter.write"},
            {"at": 16, "do": "camera.explore"}, {"at": 18, "do": "light.warm"},
            {"at": 20, "do": "colours.lift"}, {"at": 25, "do": "breath.off"}]
    tl = build_timeline(skippable(cues))
    tl.skip(1.0)
    assert [(c.do, c.t, c.carried) for c in tl.cues if c.t <= 1.0 + 1e-9] == [
        ("colour.spread", pytest.approx(1.0), True), ("light.warm", pytest.approx(1.0), True),
        ("breath.off", pytest.approx(1.0), True), ("light.soften", pytest.approx(1.0), False)]


def test_the_way_out_lands_nothing_it_passed_over() -> None:
    """The calm way out settles the place; a warming or a colour it cut short
    must not undo that."""
    tl = build_timeline(skippable([{"at": 2, "do": "colour.spread"}, {"at": 18, "do": "light.warm"}]))
    assert tl.jump_to_return(1.0)
    assert [c.do for c in tl.cues] == ["ground"]


def test_after_a_skip_the_colour_comes_as_if_its_cue_had_been_reached() -> None:
    """The compassionate colour practice, skipped on before 'surround' spreads
    the colour: the next words ask to breathe the colour in, so it must be
    there; the presence skipped before it approaches stays away."""
    director = Director(load_practice("compassionate-colour"))
    tl = director.timeline
    surround = next(s for s in tl.slots if s.id == "surround")
    run(director, surround.start + 1.0)
    director.skip(surround.start + 1.0)
    t = surround.start + 1.0
    carried = [e for e in director.log.events if e["kind"] == "cue" and e.get("carried")]
    assert [(e["do"], e["segment"]) for e in carried] == [("colour.spread", "surround")]
    for i in range(1, 200):
        director.advance(t + i / 10)
    assert director.state(t + 20).colour == pytest.approx(1.0)
    director = Director(skippable([{"at": 10, "do": "presence.approach"}]))
    director.presence_yes(0.0)
    run(director, 1.0)
    director.skip(1.0)
    assert director.ch["near"].at(40.0) == 0.0 and director.ch["seen"].at(40.0) == 0.0


def test_jump_to_return_leaves_out_what_is_between() -> None:
    tl = build_timeline(practice())
    assert tl.jump_to_return(12.0)
    assert [s.id for s in tl.slots] == ["settle", "return"] and tl.slots[1].start == pytest.approx(12.0)
    assert not tl.jump_to_return(15.0)  # already returning


def test_events_land_at_their_scheduled_time_within_one_frame() -> None:
    p = load_practice(str(DATA / "minimal_practice.yaml"))
    director = Director(p)
    tl = director.timeline
    events = run(director, tl.length + 1, fps=10)
    for e in events:
        assert 0 <= e["frame"] - e["t"] < 0.1 + 1e-9
    starts = {e["id"]: e["t"] for e in events if e["kind"] == "segment.start"}
    assert starts == {s.id: pytest.approx(s.start) for s in tl.slots}
    shown = [(e["t"], e["text"]) for e in events if e["kind"] == "caption.show"]
    assert shown == [(pytest.approx(c.start), c.text) for c in tl.captions]
    cues = [(e["t"], e["do"]) for e in events if e["kind"] == "cue"]
    assert cues == [(pytest.approx(c.t), c.do) for c in tl.cues]


def test_breath_stage_events_match_the_pacer() -> None:
    director = Director(practice())
    events = run(director, 60, fps=7)
    stages = [(e["t"], e["stage"]) for e in events if e["kind"] == "breath.stage"]
    expected = [(pytest.approx(t, abs=1e-4), s) for t, s in director.pacer.stage_changes(0, 60)]
    assert stages and stages == expected[: len(stages)] and len(stages) >= len(expected) - 1


def test_sound_focus_brings_the_chosen_layers_forward_then_back() -> None:
    director = Director(practice())
    run(director, 100)
    assert director.state(31.0).focus == 0.0
    assert director.state(40.0).focus == 1.0 and director.state(40.0).focus_layers == ("surf",)
    assert director.state(61.0).focus == 0.0


def test_light_warms_smoothly_and_ground_settles_everything() -> None:
    director = Director(practice())
    run(director, 100)
    before, after = director.state(49.9), director.state(57.0)
    assert after.key_gain > before.key_gain and after.tint[0] > 1.0
    grounded = director.state(99.0)
    assert grounded.ground == 1.0 and grounded.breath_amount == 0.0 and grounded.bed_db <= -14.0
    assert [e["source"] for e in director.log.events if e["kind"] == "ground"] == ["cue"]
    samples = [director.state(t / 10).key_gain for t in range(0, 1000)]
    assert max(abs(b - a) for a, b in zip(samples, samples[1:])) < 0.01


def test_the_ground_key_goes_to_the_return_words_from_any_moment() -> None:
    director = Director(practice())
    run(director, 35)
    director.ground(35.0)
    events = run(director, 60)
    assert any(e["kind"] == "segment.start" and e["id"] == "return" and e["t"] == pytest.approx(35.0)
               for e in events)
    assert not any(e["kind"] == "segment.start" and e["id"] == "smell" for e in events)


def test_without_a_practice_ground_shows_haven_s_own_return_words() -> None:
    director = Director(None)
    run(director, 5)
    director.ground(5.0)
    events = run(director, 60)
    shown = [e["text"] for e in events if e["kind"] == "caption.show"]
    assert shown == list(GROUND_WORDS)
    assert director.state(4.0).breath_amount == 0.0


def test_no_pacing_keeps_the_light_still() -> None:
    director = Director(practice(), settings=Settings(pacing=False))
    events = run(director, 40)
    assert not any(e["kind"] == "breath.stage" for e in events)
    gains = {round(director.state(t).key_gain, 9) for t in (10, 12, 14, 16)}
    assert len(gains) == 1


def test_the_natural_rate_starts_the_ramp() -> None:
    director = Director(practice(breath={"rate": 6, "ramp": 120}), settings=Settings(natural_rate=14))
    assert director.pacer.rate(0) == pytest.approx(12.0)  # held to the pacer's range
    assert director.pacer.rate(130) == pytest.approx(6.0)
    assert Director(practice(breath={"rate": 5, "ramp": 120})).pacer.rate(0) == pytest.approx(10.0)


def test_skip_and_extend_keys_move_the_practice_and_say_so() -> None:
    director = Director(practice())
    run(director, 5)
    director.extend(5.0, 30.0)
    events = run(director, 52)
    assert any(e["kind"] == "segment.extend" and e["id"] == "settle" and e["seconds"] == 30.0 for e in events)
    assert next(e for e in events if e["kind"] == "segment.start" and e["id"] == "quiet")["t"] == pytest.approx(50.0)
    director.skip(52.0)     # inside 'quiet' (50-60): 'sound' starts now, with its cue at 2 s
    events = run(director, 100)
    start = next(e for e in events if e["kind"] == "segment.start" and e["id"] == "sound")
    assert start["t"] == pytest.approx(52.0)
    focus = next(e for e in events if e["kind"] == "cue" and e["do"] == "sounds.focus")
    assert focus["t"] == pytest.approx(54.0)


def test_skipping_the_last_segment_ends_the_practice_once() -> None:
    director = Director(practice())
    last = director.timeline.slots[-1]
    run(director, last.start + 1.0)
    director.skip(last.start + 1.0)
    events = run(director, last.start + 5.0)
    ends = [e for e in director.log.events if e["kind"] == "practice.end"]
    assert len(ends) == 1 and ends[0]["t"] == pytest.approx(last.start + 1.0) and ends[0] in events + ends


# -- seek ---------------------------------------------------------------
def _values(state) -> tuple:
    """Every value a SceneState carries, floats rounded (for comparing two runs)."""
    out = []
    for k, v in vars(state).items():
        if isinstance(v, float):
            out.append((k, round(v, 9)))
        elif isinstance(v, dict):
            out.append((k, tuple(sorted((a, round(b, 9)) for a, b in v.items()))))
        elif isinstance(v, tuple):
            out.append((k, tuple(round(x, 9) if isinstance(x, float) else x for x in v)))
        else:
            out.append((k, v))
    return tuple(out)


def _played(until: float, fps: float = 10.0) -> Director:
    director = Director(practice())
    run(director, until, fps)
    return director


@pytest.mark.parametrize("back_to", [0.0, 12.0, 33.5, 55.0])
def test_a_seek_back_gives_what_playing_straight_there_gives(back_to) -> None:
    director = _played(90.0)            # past the focus, the warm light and the ground cue
    director.seek(back_to)
    fresh = _played(back_to - 1e-6) if back_to > 0 else Director(practice())
    for t in (back_to, back_to + 0.5, back_to + 7.3):
        assert _values(director.state(t)) == _values(fresh.state(t)), t
    assert director.ground_started is None and director.focus_layers in (None, ("surf",))
    # playing on from there fires the cues again, at their own times, and ends the same
    run_from(director, back_to, 100.0)
    run_from(fresh, back_to, 100.0)
    for t in (40.0, 57.0, 85.0, 99.0):
        assert _values(director.state(t)) == _values(fresh.state(t)), t
    again = [e for e in director.log.events if e["kind"] == "cue" and e["do"] == "ground"]
    assert len(again) == 2 and again[1]["t"] == pytest.approx(80.0)


def run_from(director: Director, t0: float, t1: float, fps: float = 10.0) -> None:
    n = int(round((t1 - t0) * fps))
    for i in range(n + 1):
        director.advance(t0 + i / fps)


@pytest.mark.parametrize("to", [31.0, 45.0, 62.0, 85.0])
def test_a_seek_forward_lands_every_cue_at_its_own_time(to) -> None:
    director = Director(practice())
    run(director, 5.0)
    director.seek(to)
    played = _played(to - 1e-6)
    for t in (to, to + 1.0, to + 6.0):
        assert _values(director.state(t)) == _values(played.state(t)), t
    kinds = [e["kind"] for e in director.log.events if e["t"] > 5.0]
    assert kinds[0] == "seek" and "cue" not in kinds   # what was passed over is not logged one by one
    seek = director.log.events[-len(kinds)]
    assert seek["from"] == pytest.approx(5.0) and seek["segment"] == director.timeline.segment_at(to).id


def test_after_a_seek_the_log_s_captions_still_pair_up() -> None:
    director = Director(practice())
    tl = director.timeline
    inside = tl.captions[1]                       # seek into the middle of the second caption
    run(director, tl.captions[0].start + 1.0)     # ... from the middle of the first
    director.seek((inside.start + inside.end) / 2)
    run_from(director, (inside.start + inside.end) / 2, 30.0)
    director.seek(tl.captions[0].start + 0.5)     # and back
    run_from(director, tl.captions[0].start + 0.5, 100.0)
    open_ = 0
    for e in director.log.events:
        if e["kind"] == "caption.show":
            open_ += 1
        elif e["kind"] == "caption.hide":
            open_ -= 1
        assert open_ in (0, 1)
    assert open_ == 0
    shown_at_seek = [e for e in director.log.events if e["kind"] == "caption.show"
                     and e["t"] == pytest.approx((inside.start + inside.end) / 2)]
    assert [e["text"] for e in shown_at_seek] == [inside.text]
    assert director.state(tl.captions[0].start + 1.0).caption == tl.captions[0].text


def test_a_seek_back_before_the_way_out_undoes_it_but_keeps_the_schedule() -> None:
    director = Director(practice())
    run(director, 35)
    director.ground(35.0)                 # the key: straight to the return
    run_from(director, 35.0, 60.0)
    assert director.state(59.0).ground > 0.9
    director.seek(20.0)
    assert director.ground_started is None and director.state(25.0).ground == 0.0
    assert [s.id for s in director.timeline.slots] == ["settle", "quiet", "sound", "return"]
    assert director.state(25.0).segment == "quiet" and director.state(36.0).segment == "return"
    no_practice = Director(None)
    run(no_practice, 5)
    no_practice.ground(5.0)
    no_practice.seek(2.0)
    assert no_practice.extra_captions == [] and no_practice.state(8.0).caption is None


def test_a_seek_back_forgets_a_change_of_pace_made_later() -> None:
    director = Director(practice(breath={"rate": 6, "ramp": 0, "start_rate": 6}))
    run(director, 40)
    before = [director.pacer.cycles(t) for t in (45.0, 60.0)]
    director.pacer.set_rate(30.0, 4.0)    # a therapist's change at 30 s
    assert director.pacer.cycles(60.0) != pytest.approx(before[1])
    director.seek(25.0)
    assert [director.pacer.cycles(t) for t in (45.0, 60.0)] == pytest.approx(before)


def test_the_timeline_answers_for_any_time_in_any_order() -> None:
    tl = build_timeline(practice())
    times = [99.0, 3.0, 61.0, 0.0, 45.0, 20.0, 2.5]
    first = [(tl.segment_at(t).id, getattr(tl.caption_at(t), "text", None)) for t in times]
    again = [(tl.segment_at(t).id, getattr(tl.caption_at(t), "text", None)) for t in reversed(times)]
    assert first == list(reversed(again))
