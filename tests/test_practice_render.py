"""A whole guided practice rendered: every segment, cue and caption on time.

`python main.py render --place beach --practice safe-place --seconds 720
--fps 0.5 --silent` (small frames), checked against the schedule built from the
practice file itself - not a copy of its numbers.
"""
from __future__ import annotations

import wave
from pathlib import Path

import pytest

from engine.config import load_place, load_practice
from engine.core.events import read_events
from engine.core.timeline import build_timeline
from tests.helpers.process import haven

FPS = 0.5
FRAME = 1 / FPS


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("safe-place")
    r = haven("render", "--place", "beach", "--practice", "safe-place", "--seconds", "720", "--fps", str(FPS),
              "--size", "160x90", "--out", str(out), "--silent", timeout=900)   # the mix: below, slow
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def events(rendered) -> list[dict]:
    return read_events(rendered / "events.jsonl")


@pytest.fixture(scope="module")
def timeline():
    return build_timeline(load_practice("safe-place"), load_place("beach"))


def on_time(event: dict, scheduled: float) -> bool:
    """Logged at its scheduled time, and shown by the first frame at or after it."""
    return abs(event["t"] - scheduled) < 1e-3 and 0 <= event["frame"] - scheduled < FRAME


def test_every_segment_starts_on_time(events, timeline) -> None:
    starts = [e for e in events if e["kind"] == "segment.start"]
    assert [e["id"] for e in starts] == [s.id for s in timeline.slots]
    assert all(on_time(e, s.start) for e, s in zip(starts, timeline.slots))
    assert timeline.length <= 720


def test_every_cue_fires_on_time(events, timeline) -> None:
    cues = [e for e in events if e["kind"] == "cue"]
    assert [(e["do"], e["segment"]) for e in cues] == [(c.do, c.segment) for c in timeline.cues]
    assert all(on_time(e, c.t) for e, c in zip(cues, timeline.cues))
    assert {"sounds.focus", "light.warm", "presence.approach", "ground"} <= {e["do"] for e in cues}


def test_every_caption_shows_and_hides_on_time(events, timeline) -> None:
    shown = [e for e in events if e["kind"] == "caption.show"]
    hidden = [e for e in events if e["kind"] == "caption.hide"]
    assert [e["text"] for e in shown] == [c.text for c in timeline.captions]
    assert all(on_time(e, c.start) for e, c in zip(shown, timeline.captions))
    assert all(on_time(e, c.end) for e, c in zip(hidden, timeline.captions))


def test_smell_and_touch_use_the_place_s_own_words(events) -> None:
    beach = load_place("beach")
    texts = [e["text"] for e in events if e["kind"] == "caption.show"]
    assert ", ".join(beach.smells) + "." in texts
    assert ", ".join(beach.touch) + "." in texts


def test_breath_stages_are_logged_while_the_light_breathes(events, timeline) -> None:
    stages = [e for e in events if e["kind"] == "breath.stage"]
    assert len(stages) > 30
    off = next(c.t for c in timeline.cues if c.do == "breath.off")
    assert all(e["t"] < off + 8.01 for e in stages)   # it settles (within 8 s) after breath.off


@pytest.mark.slow
def test_the_mix_covers_the_whole_render(tmp_path) -> None:
    """The whole practice's mix (12 minutes of sound: about 20 s of the
    default run, so in make check-all; short spans are in test_export_lengths)."""
    r = haven("render", "--place", "beach", "--practice", "safe-place", "--seconds", "720", "--fps", str(FPS),
              "--size", "160x90", "--out", str(tmp_path), timeout=900)
    assert r.returncode == 0, r.stderr
    with wave.open(str(tmp_path / "mix.wav")) as w:
        assert w.getframerate() == 48000 and abs(w.getnframes() / 48000 - 720) < 0.01
