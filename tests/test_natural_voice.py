"""The natural voice: Piper ids from espeak-ng, the cache, the fallback, and
a practice export that speaks at each caption (and is silent with captions).

The model loads once for this file (module level); lines are short."""
from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from engine.audio import RATE
from engine.config import load_place, load_practice
from engine.core.timeline import build_timeline
from engine.voice import natural
from engine.voice.phonemes import clauses, phoneme_ids, sentences

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None or natural.voice_files() is None,
                                reason="espeak-ng or the natural voice is not installed")
DATA = Path(__file__).parent / "data"
PRACTICE = str(DATA / "minimal_practice.yaml")


@pytest.fixture(autouse=True)
def private_data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_text_becomes_piper_ids_with_its_punctuation() -> None:
    assert sentences("Rest here, gently.  Then go on") == ["Rest here, gently.", "Then go on."]
    assert clauses("Rest here - gently, now.") == [("Rest here", ","), ("gently", ","), ("now", ".")]
    ids_map = {"^": [1], "_": [0], "$": [2], "a": [5], ",": [8], " ": [3]}
    # BOS, pad after every known symbol, EOS; unknown symbols ('?') are left out
    assert phoneme_ids("a,?a", ids_map) == [1, 0, 5, 0, 8, 0, 5, 0, 2]
    m = natural.model()
    said = natural.line_phonemes("Let your breath slow, gently.", m.language)
    assert said == ["lˈɛt jʊɹ bɹˈɛθ slˈoʊ, dʒˈɛntli."]
    assert phoneme_ids(said[0], m.id_map)[:2] == [1, 0] and phoneme_ids(said[0], m.id_map)[-1] == 2


def test_a_line_is_calm_speech_that_fits_its_time_and_is_cached(private_data: Path) -> None:
    text = "Let your breath slow, gently."
    first = natural.speak(text)
    assert not first.cached and first.seconds_made > 0
    clip = first.clip
    seconds = len(clip) / RATE
    assert 1.2 < seconds <= natural.line_seconds(text)            # spoken, and within the time it was given
    assert clip[0] == 0 and clip[-1] == 0                           # faded: no click
    level = 20 * np.log10(np.sqrt(np.mean(clip.astype(np.float64) ** 2)))
    assert -30 < level < -14                                        # at speech loudness, never hot
    files = list((private_data / "cache" / "voice").glob("natural-*.wav"))
    assert len(files) == 1
    stored = files[0].read_bytes()
    again = natural.speak(text)
    assert again.cached and again.seconds_made == 0                # a cache hit: no model run
    assert np.array_equal(again.clip, clip) and files[0].read_bytes() == stored
    slower = natural.Delivery(length_scale=1.5)
    assert natural.cache_path(text, natural.model().identity(), slower, 1.0) != files[0]


def test_without_the_model_the_basic_voice_speaks_and_says_so_once(monkeypatch) -> None:
    from engine.voice import practice as pv
    monkeypatch.setenv("HAVEN_NO_NATURAL_VOICE", "1")
    monkeypatch.setattr(pv, "_said", set())
    practice, place = load_practice(PRACTICE), load_place("meadow")
    first = pv.prepare_voice(practice, place, "natural")
    assert first.engine == "espeak-ng"
    assert first.message is not None and "natural voice is not installed" in first.message
    assert "\n" not in first.message and "espeak-ng" in first.message
    assert all(c is not None and len(c) for c in first.clips["settle"])
    assert pv.prepare_voice(practice, place, "natural").message is None     # said once a process


def _wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float64) / 32768
        return x.reshape(-1, w.getnchannels()).mean(axis=1)


def _db(x: np.ndarray) -> float:
    return 10 * np.log10(np.mean(x ** 2) + 1e-12)


def test_a_default_practice_export_speaks_at_each_caption_and_captions_is_silent(tmp_path, capsys) -> None:
    from engine.app.cli import main
    from engine.voice.practice import prepare_voice
    practice, place = load_practice(PRACTICE), load_place("meadow")
    results = {}
    for name, extra in (("voice", []), ("captions", ["--voice", "captions"])):
        out = tmp_path / f"{name}.wav"
        assert main(["export-audio", "--place", "meadow", "--practice", PRACTICE, "--seconds", "11", "--seed", "3",
                     "--out", str(out), "--json", *extra]) == 0
        results[name] = (json.loads(capsys.readouterr().out.strip().splitlines()[-1]), _wav(out))
    told, voiced = results["voice"]
    assert told["voice_engine"] == f"natural:{natural.VOICE_NAME}" and told["voice"] == "natural"
    assert results["captions"][0]["voice_engine"] == "none"
    assert abs(told["integrated_lufs"] + 20) <= 1 and told["true_peak_dbtp"] <= -1
    plain = results["captions"][1]
    timeline = build_timeline(practice, place, prepare_voice(practice, place, "natural", later=True).seconds)
    starts = [c.start for c in timeline.captions if c.start < 10.0]
    assert len(starts) == 2
    for t in starts:
        before = slice(int((t - 0.45) * RATE), int((t - 0.05) * RATE))
        after = slice(int((t + 0.1) * RATE), int((t + 0.9) * RATE))
        assert _db(voiced[after]) - _db(voiced[before]) > 6       # the words start with the caption
        assert abs(_db(plain[after]) - _db(plain[before])) < 3    # no voice: the place alone, steady


def test_the_live_voice_plays_a_line_made_in_the_background_and_never_waits(tmp_path) -> None:
    from engine.live.voice import MADE_LATE_S, LiveVoice
    from engine.voice.prepare import Pending, Preparer
    made = np.full(RATE // 2, 0.1, np.float32)
    ready, late, slow = Pending("ready in time", 0.5), Pending("never made", 0.5), Pending("a moment late", 0.5)
    Preparer([ready], lambda text: made).start().thread.join(5)
    voice = LiveVoice(None, [(1.0, ("a", 0), ready), (2.0, ("a", 1), late), (5.0, ("a", 2), slow)])
    try:
        voice.update(0.5, False)
        voice.update(1.0, False)
        assert voice.started == [("a", 0)] and voice.files[("a", 0)][1] == pytest.approx(0.5)
        voice.update(2.0, False)                      # not made yet: it waits (the practice does not)
        assert voice.started == [("a", 0)] and voice.unready == []
        voice.update(2.0 + MADE_LATE_S + 0.01, False)  # too late now: left out, its caption shows alone
        assert voice.started == [("a", 0)] and voice.unready == [("a", 1)]
        voice.update(5.2, False)                      # its moment, still being made
        slow._finish(made)
        voice.update(5.6, False)                      # made 0.6 s late: it starts now, from its first word
        assert voice.started == [("a", 0), ("a", 2)]
        assert next(c for c in voice.clips if c.key == ("a", 2)).start == pytest.approx(5.6)
    finally:
        voice.destroy()


def test_breath_cues_say_in_and_out_softly_only_where_no_line_is_spoken() -> None:
    from engine.app.practice_audio import practice_sound
    from engine.audio.voice_mix import VoiceTrack
    from engine.config.settings import Settings
    from engine.voice.breath_cues import CLEAR_S, cue_times
    events = [{"t": 2.0, "kind": "breath.stage", "stage": "inhale"}, {"t": 5.0, "kind": "breath.stage", "stage": "hold"},
              {"t": 6.0, "kind": "breath.stage", "stage": "exhale"}, {"t": 9.0, "kind": "breath.stage", "stage": "inhale"}]
    assert cue_times(events, [(6.5, 8.0)], {"inhale": 0.5, "exhale": 0.5}, 20.0) == [(2.0, "inhale"), (9.0, "inhale")]
    practice, place = load_practice("soothing-breathing"), load_place("meadow")
    sound = practice_sound(place, practice, "natural", None, Settings(breath_voice=True), seconds=12)
    assert isinstance(sound.voice, VoiceTrack)
    words, cues = sound.voice.words, sound.voice.cues
    heard = np.flatnonzero(np.abs(cues) > 1e-4) / RATE
    assert len(heard) > 0                                                  # at least one cue in 12 s
    assert np.abs(cues).max() < 0.5 * np.abs(words).max()                 # well under the words
    from scipy.ndimage import maximum_filter1d
    near = maximum_filter1d((np.abs(words) > 1e-4).astype(np.uint8), int(CLEAR_S * RATE)) > 0
    assert not (near & (np.abs(cues) > 1e-4)).any()                        # never over or next to a line


def test_the_live_voice_says_a_breath_cue_on_a_stage_and_not_over_a_line() -> None:
    from engine.core.events import EventLog
    from engine.live.voice import LiveVoice
    log = EventLog()
    cue = np.full(RATE // 4, 0.05, np.float32)
    line = np.full(RATE, 0.1, np.float32)
    voice = LiveVoice(None, [(10.0, ("a", 0), line)], cues={"inhale": cue, "exhale": cue}, log=log)
    try:
        log.emit(2.0, "breath.stage", stage="inhale")
        voice.update(2.0, False)
        log.emit(9.8, "breath.stage", stage="exhale")                      # a line starts at 10 s
        voice.update(9.8, False)
        log.emit(14.0, "breath.stage", stage="hold")
        voice.update(14.0, False)
        assert voice.cued == [(2.0, "inhale")]
    finally:
        voice.destroy()
