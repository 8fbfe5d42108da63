"""The built-in guided practices (narration/*.yaml): structure, timing, cues, captions."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from engine import NARRATION_DIR
from engine.config import load_practice, practice_path
from engine.config.practice import Practice, Segment
from engine.core.timeline import build_timeline, text_seconds

ROOT = Path(__file__).resolve().parent.parent

RANGES = {
    "soothing-breathing": (210, 300),
    "safe-place": (600, 720),
    "safe-place-short": (210, 300),
    "compassionate-colour": (330, 420),
    "compassionate-other": (420, 540),
    "compassionate-self": (330, 420),
    "loving-kindness": (420, 560),
    "three-circles": (330, 420),
    "chosen-flow": (420, 540),
    "inner-critic": (420, 540),
    "compassion-for-struggle": (420, 540),
    "compassionate-letter": (300, 400),   # and as long as the writing takes (the clock waits)
}
BASE_NAMES = sorted(RANGES)


def _variants() -> list[str]:
    """Every practice as it plays: 'name', or 'name@option' for each option of one that offers a choice."""
    out = []
    for name in BASE_NAMES:
        p = load_practice(name)
        out += [f"{name}@{o.id}" for o in p.choose.options] if p.choose else [name]
    return out


NAMES = _variants()

SAFE_PLACE_IDS = ["settle", "bring-to-mind", "sight", "sound", "smell", "touch",
                  "company", "welcome", "explore", "return"]
SAFE_PLACE_SHORT_IDS = ["settle", "sight", "sound", "smell", "touch", "welcome", "return"]

TYPICAL_WORDS = "salt on the breeze, sun-warmed sand, a trace of seaweed and a soft wind."  # 13 words
LONG_PLACE = SimpleNamespace(  # the longest words a built-in place gives, and a little more
    smells=["wood smoke", "warm tea", "old books", "a hint of cinnamon", "rain on the window"],
    touch=["a soft blanket over your knees", "warmth of the fire on your hands", "a cushion at your back"],
)

# cue actions that must appear in a segment, in this order of time
REQUIRED_CUES = {
    ("safe-place", "settle"): ["breath.on"],
    ("safe-place", "sight"): ["colours.lift"],
    ("safe-place", "sound"): ["sounds.focus"],
    ("safe-place", "touch"): ["light.warm"],
    ("safe-place", "company"): ["presence.appear"],
    ("safe-place", "welcome"): ["presence.approach", "presence.welcome"],
    ("safe-place", "explore"): ["camera.explore", "camera.still"],
    ("safe-place", "return"): ["ground", "sounds.fade"],
    ("safe-place-short", "settle"): ["breath.on"],
    ("safe-place-short", "sight"): ["colours.lift"],
    ("safe-place-short", "sound"): ["sounds.focus"],
    ("safe-place-short", "touch"): ["light.warm"],
    ("safe-place-short", "welcome"): ["presence.approach", "presence.welcome"],
    ("compassionate-colour", "surround"): ["colour.spread"],
    ("compassionate-colour", "fade"): ["colour.fade"],
    ("compassionate-other", "form"): ["presence.appear"],
    ("compassionate-other", "warmth"): ["presence.approach"],
    ("compassionate-other", "glad"): ["presence.welcome"],
    ("compassionate-other", "parting"): ["presence.retreat"],
    ("soothing-breathing", "soften"): ["light.soften"],
}


def _played(key: str) -> Practice:
    name, _, option = key.partition("@")
    return load_practice(name).chosen(option or None)


@pytest.fixture(scope="module")
def practices() -> dict[str, Practice]:
    return {key: _played(key) for key in NAMES} | {name: _played(name) for name in BASE_NAMES}


def seg(p: Practice, seg_id: str) -> Segment:
    found = [s for s in p.segments if s.id == seg_id]
    assert found, f"{p.name} has no segment '{seg_id}'"
    return found[0]


def starts(p: Practice) -> dict[str, float]:
    out, t = {}, 0.0
    for s in p.segments:
        out[s.id] = t
        t += s.length
    return out


def cue_times(p: Practice, do: str) -> list[float]:
    """Absolute times of every cue `do` in the practice."""
    at = starts(p)
    return sorted(at[s.id] + c.at for s in p.segments for c in s.cues if c.do == do)


def shown_lines(s: Segment) -> list[str]:
    return list(s.text) + ([TYPICAL_WORDS] if s.words else [])


# -- loading ---------------------------------------------------------------

def test_the_twelve_practices_are_the_built_in_ones() -> None:
    assert sorted(p.stem for p in NARRATION_DIR.glob("*.yaml")) == BASE_NAMES and len(BASE_NAMES) == 12


@pytest.mark.parametrize("name", BASE_NAMES)
def test_each_practice_loads_by_name(name: str, practices: dict[str, Practice]) -> None:
    assert practice_path(name) == NARRATION_DIR / f"{name}.yaml"
    p = practices[name]
    assert p.name == name
    assert p.title and p.description


def test_check_command_accepts_every_practice() -> None:
    files = sorted(str(f) for f in NARRATION_DIR.glob("*.yaml"))
    assert len(files) == 12
    done = subprocess.run([sys.executable, "main.py", "check", *files], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("ok (practice") == 12, done.stdout


# -- length and breathing --------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_length_is_in_the_target_range(name: str, practices: dict[str, Practice]) -> None:
    p = practices[name]
    lo, hi = RANGES[name.partition("@")[0]]
    assert lo <= p.length <= hi, f"{name}: {p.length:g} s"
    if "@" not in name or practices[name.partition("@")[0]].length == p.length:   # the default as it plays
        assert p.duration is not None and abs(p.duration - p.length) <= 15, "the nominal length shown must be honest"


@pytest.mark.parametrize("name", NAMES)
def test_breath_is_slow_gentle_and_starts_at_once(name: str, practices: dict[str, Practice]) -> None:
    p = practices[name]
    assert 5.0 <= p.breath.rate <= 6.0
    assert 120 <= p.breath.ramp <= 240
    first = p.segments[0]
    assert p.breath.on or any(c.do == "breath.on" and c.at <= 1.0 for c in first.cues)


def test_soothing_breathing_keeps_the_light_breathing_until_the_return(practices) -> None:
    p = practices["soothing-breathing"]
    ret = starts(p)["return"]
    assert cue_times(p, "breath.on") == [0.0]
    assert all(t >= ret for t in cue_times(p, "breath.off"))
    text = " ".join(line for s in p.segments for line in s.text).lower()
    assert "only a guide" in text and "follow your own" in text


# -- structure ---------------------------------------------------------------

def test_safe_place_segments_come_in_the_required_order(practices) -> None:
    ids = [s.id for s in practices["safe-place"].segments]
    assert [i for i in ids if i in SAFE_PLACE_IDS] == SAFE_PLACE_IDS
    ids = [s.id for s in practices["safe-place-short"].segments]
    assert [i for i in ids if i in SAFE_PLACE_SHORT_IDS] == SAFE_PLACE_SHORT_IDS


def test_safe_place_timings_follow_the_brief(practices) -> None:
    p = practices["safe-place"]
    for sense in ("sight", "sound", "smell", "touch"):
        assert 25 <= seg(p, sense).length <= 40, sense
    assert 50 <= seg(p, "welcome").length <= 80
    settle = seg(p, "settle")
    assert settle.length - text_seconds(settle.text) >= 45, "about a minute of quiet breathing"
    short = practices["safe-place-short"]
    for sense in ("sight", "sound", "smell", "touch"):
        assert seg(short, sense).length < seg(p, sense).length + 1


@pytest.mark.parametrize("name", ["safe-place", "safe-place-short"])
def test_smell_and_touch_lead_into_the_places_own_words(name: str, practices) -> None:
    p = practices[name]
    assert seg(p, "smell").words == "smells"
    assert seg(p, "touch").words == "touch"
    for s in (seg(p, "smell"), seg(p, "touch")):
        assert s.text[-1].endswith(":"), s.text[-1]
    assert [s.id for s in p.segments if s.words] == ["smell", "touch"]


@pytest.mark.parametrize("key", sorted(REQUIRED_CUES))
def test_required_cues_are_in_their_segments(key: tuple[str, str], practices) -> None:
    name, seg_id = key
    s = seg(practices[name], seg_id)
    want = REQUIRED_CUES[key]
    have = [c.do for c in sorted(s.cues, key=lambda c: c.at) if c.do in want]
    assert have == want
    for c in s.cues:
        assert 0 <= c.at <= s.length


def test_safe_place_cue_timing(practices) -> None:
    p = practices["safe-place"]
    assert next(c.at for c in seg(p, "sound").cues if c.do == "sounds.focus") <= 5
    welcome = seg(p, "welcome")
    assert {c.do for c in welcome.cues} >= {"presence.approach", "presence.welcome", "light.warm"}
    explore = seg(p, "explore")
    still = next(c.at for c in explore.cues if c.do == "camera.still")
    assert explore.length - 15 <= still <= explore.length


def test_compassionate_other_unfolds_then_retreats_near_the_end(practices) -> None:
    p = practices["compassionate-other"]
    order = [cue_times(p, f"presence.{w}") for w in ("appear", "approach", "welcome", "retreat")]
    assert all(len(t) == 1 for t in order)
    flat = [t[0] for t in order]
    assert flat == sorted(flat) and len(set(flat)) == 4
    assert flat[-1] >= 0.75 * p.length
    assert flat[-1] < starts(p)["return"]


def test_compassionate_colour_spreads_then_fades(practices) -> None:
    p = practices["compassionate-colour"]
    spread, fade = cue_times(p, "colour.spread"), cue_times(p, "colour.fade")
    assert len(spread) == 1 and len(fade) == 1
    assert fade[0] - spread[0] >= 120, "time for the colour to fill the body with the breath"
    assert fade[0] < starts(p)["return"]


@pytest.mark.parametrize("name", NAMES)
def test_every_practice_ends_with_a_grounding_return(name: str, practices) -> None:
    p = practices[name]
    last = p.segments[-1]
    assert last.id == "return"
    assert [s.id for s in p.segments].count("return") == 1
    ground = [c for c in last.cues if c.do == "ground"]
    assert len(ground) == 1 and ground[0].at <= 1.0
    assert cue_times(p, "ground") == [starts(p)["return"] + ground[0].at]
    # the breathing light settles no later than the ground; nothing warm starts after it
    offs = cue_times(p, "breath.off")
    assert offs and offs[-1] <= cue_times(p, "ground")[0]
    after = {c.do for c in last.cues if c.at > ground[0].at}
    assert after <= {"sounds.fade"}
    assert len(last.text) >= 3 and "room" in " ".join(last.text)


@pytest.mark.parametrize("name", NAMES)
def test_the_way_out_is_offered_at_the_start(name: str, practices) -> None:
    assert any("come back at any time" in line for line in practices[name].segments[0].text)


# -- captions -----------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_captions_fit_their_segments_with_room_to_spare(name: str, practices) -> None:
    for s in practices[name].segments:
        if s.pause is not None:
            assert not s.text and not s.words, f"{name}/{s.id}: a pause shows no words"
            continue
        assert s.text, f"{name}/{s.id}: a text segment needs words"
        need = text_seconds(shown_lines(s))
        assert need <= s.length - 3, f"{name}/{s.id}: {need:.1f} s of captions in {s.length:g} s"


@pytest.mark.parametrize("name", NAMES)
def test_there_is_quiet_time_to_imagine(name: str, practices) -> None:
    p = practices[name]
    quiet = sum(s.length - text_seconds(shown_lines(s)) for s in p.segments)
    assert quiet >= 0.35 * p.length
    # most segments after the opening leave at least ten quiet seconds
    short_rest = [s.id for s in p.segments[1:] if s.length - text_seconds(shown_lines(s)) < 10]
    assert len(short_rest) <= 1, short_rest


@pytest.mark.parametrize("name", NAMES)
def test_caption_lines_are_short_plain_and_speakable(name: str, practices) -> None:
    for s in practices[name].segments:
        for line in s.text:
            assert len(line) <= 90, f"{name}/{s.id}: {len(line)} characters: {line}"
            assert not set(line) & set("<>{}[]()"), line
            assert line.isascii() and line.isprintable(), line
            assert line[-1] in ".?:!", line


@pytest.mark.parametrize("name", NAMES)
def test_feelings_are_invited_never_demanded(name: str, practices) -> None:
    text = " ".join(line for s in practices[name].segments for line in s.text).lower()
    for pushy in ("you feel safe", "you will feel", "you must", "you should", "you feel calm", "try harder"):
        assert pushy not in text


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("place", [None, LONG_PLACE], ids=["no-place", "long-words"])
def test_timeline_captions_never_overlap_and_stay_in_their_segment(name: str, place, practices) -> None:
    p = practices[name]
    tl = build_timeline(p, place)
    assert tl.length == pytest.approx(p.length), "no segment had to stretch to fit its words"
    slots = {s.id: s for s in tl.slots}
    for a, b in zip(tl.captions, tl.captions[1:]):
        assert a.end <= b.start, (a.text, b.text)
    for c in tl.captions:
        slot = slots[c.segment]
        assert slot.start <= c.start < c.end <= slot.end
    shown = {(c.segment, c.index) for c in tl.captions}
    expected = {(s.id, j) for s in tl.slots for j in range(len(s.lines))}
    assert shown == expected, "every line is shown"
    if place is not None and name.startswith("safe-place"):
        words = [c.text for c in tl.captions if c.segment == "touch"][-1]
        assert words.startswith("a soft blanket")
