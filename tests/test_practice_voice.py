"""The practice's voice: clips on caption times, ducking, loudness, the app."""
from __future__ import annotations

import json
import os
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from engine.audio import RATE
from engine.audio.loudness import integrated
from engine.audio.voice_mix import lay_voice, placements, practice_voice, voice_track
from engine.config import load_place, load_practice
from engine.timeline import build_timeline
from tests.conftest import haven

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def private_data(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("HAVEN_DATA_DIR", str(tmp_path_factory.getbasetemp() / "voice-data"))


@pytest.fixture(scope="module")
def spoken():
    practice, place = load_practice(str(DATA / "minimal_practice.yaml")), load_place("meadow")
    secs, clips, message = practice_voice(practice, place, "speech")
    return practice, place, secs, clips, message


def test_speech_gives_one_clip_per_caption_line(spoken) -> None:
    practice, place, secs, clips, message = spoken
    assert message is None
    assert [len(clips[s.id]) for s in practice.segments if s.text] == [len(s.text) for s in practice.segments if s.text]
    assert all(1.0 < x < 6.0 for lst in secs.values() for x in lst)


def test_each_clip_starts_with_its_caption(spoken) -> None:
    practice, place, secs, clips, _ = spoken
    tl = build_timeline(practice, place, secs)
    track = voice_track(tl, clips, tl.length)
    env = np.abs(track)
    for cap in tl.captions:
        a = int(cap.start * RATE)
        assert env[a - int(0.3 * RATE):a].max() < 1e-4          # silent just before
        assert env[a:a + int(0.6 * RATE)].max() > 0.05            # speaking just after
        spoken_for = len(clips[cap.segment][cap.index]) / RATE
        assert cap.end - cap.start >= spoken_for                  # the caption stays while it is spoken
    assert len(placements(tl, clips)) == len(tl.captions)


def test_the_bed_dips_under_the_voice() -> None:
    rng = np.random.default_rng(1)
    bed = (rng.standard_normal((10 * RATE, 2)) * 0.05).astype(np.float32)
    voice = np.zeros(10 * RATE, np.float32)
    voice[4 * RATE:6 * RATE] = 0.1 * np.sin(2 * np.pi * 220 * np.arange(2 * RATE) / RATE)
    out = lay_voice(bed.copy(), voice)
    assert integrated(out[4 * RATE:6 * RATE]) > integrated(bed[4 * RATE:6 * RATE]) + 3.0
    quiet = out[: 3 * RATE]
    assert np.allclose(quiet, bed[: 3 * RATE], atol=1e-6)   # away from the voice: untouched


def test_a_practice_export_with_speech_meets_the_sound_bar(tmp_path) -> None:
    out = tmp_path / "breathing.wav"
    r = haven("export-audio", "--place", "meadow", "--practice", "soothing-breathing", "--voice", "speech",
              "--out", str(out), env={"HAVEN_DATA_DIR": os.environ["HAVEN_DATA_DIR"]}, timeout=600)
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout.strip().splitlines()[-1])
    assert figures["voice"] == "speech"
    assert abs(figures["integrated_lufs"] + 20) <= 1.0
    assert figures["true_peak_dbtp"] <= -1.0 and figures["max_short_term_lufs"] <= -15.0
    with wave.open(str(out)) as w:
        assert abs(w.getnframes() / RATE - load_practice("soothing-breathing").length) < 30


def test_without_espeak_the_practice_goes_on_with_captions(tmp_path) -> None:
    bin_dir = tmp_path / "bin"   # a PATH with the usual tools but no espeak-ng
    bin_dir.mkdir()
    for tool in ("which", "sh"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    r = haven("render", "--place", "meadow", "--practice", str(DATA / "minimal_practice.yaml"), "--voice", "speech",
              "--seconds", "4", "--fps", "2", "--size", "160x90", "--out", str(tmp_path / "r"),
              env={"PATH": str(bin_dir), "HAVEN_DATA_DIR": str(tmp_path / "d")})
    assert r.returncode == 0, r.stderr
    assert "espeak-ng is not installed; showing captions only" in r.stderr


def test_the_app_speaks_each_line_and_the_calm_way_out_stops_the_rest(tmp_path) -> None:
    env = {"HAVEN_DATA_DIR": os.environ["HAVEN_DATA_DIR"]}
    r = haven("run", "--offscreen", "--size", "160x90", "--place", "meadow", "--practice",
              str(DATA / "minimal_practice.yaml"), "--voice", "speech", "--frames", str(60 * 12), "--keys",
              f"{60 * 8}:g", env=env)
    assert r.returncode == 0, r.stderr
    state = json.loads(r.stdout.strip().splitlines()[-1])
    assert state["voice"] == ["settle:0", "settle:1"]   # the sound segment's lines were never reached
    assert "ground" in state["log"]
