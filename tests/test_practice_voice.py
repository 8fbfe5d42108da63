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
from engine.audio.voice_mix import lay_voice, placements, voice_track
from engine.voice.practice import practice_voice
from engine.config import load_place, load_practice
from engine.core.timeline import build_timeline
from tests.helpers.pilot import run as pilot_run
from tests.helpers.process import haven

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
    """A minute's practice (every built-in practice with every voice, at full
    length, is `make check-all`'s loudness gate)."""
    out = tmp_path / "tiny.wav"
    r = haven("export-audio", "--place", "meadow", "--practice", str(DATA / "minimal_practice.yaml"), "--voice",
              "speech", "--json", "--out", str(out), env={"HAVEN_DATA_DIR": os.environ["HAVEN_DATA_DIR"]}, timeout=600)
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout.strip().splitlines()[-1])
    assert figures["voice"] == "speech" and figures["voice_engine"] == "espeak-ng"
    assert abs(figures["integrated_lufs"] + 20) <= 1.0
    assert figures["true_peak_dbtp"] <= -1.0 and figures["max_short_term_lufs"] <= -15.0
    with wave.open(str(out)) as w:
        assert abs(w.getnframes() / RATE - load_practice(str(DATA / "minimal_practice.yaml")).length) < 2


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
    state = pilot_run("--place", "meadow", "--practice", str(DATA / "minimal_practice.yaml"), "--voice", "speech",
                      "--frames", str(15 * 12), "--keys", f"{15 * 8}:g", data=Path(env["HAVEN_DATA_DIR"]), fps=15)
    assert state["voice"] == ["settle:0", "settle:1"]   # the sound segment's lines were never reached
    assert "ground" in state["log"]


def test_the_volume_keys_turn_the_voice_down_with_the_place(tmp_path) -> None:
    """9 twice takes the person's volume from 0.8 to 0.6: the bed's master
    glides there and the spoken words follow it (not the bed alone)."""
    env = {"HAVEN_DATA_DIR": str(tmp_path)}
    state = pilot_run("--place", "meadow", "--practice", str(DATA / "minimal_practice.yaml"), "--voice", "speech",
                      "--sound", "--session", "--frames", str(15 * 5), "--keys", "15:9,16:9",
                      data=Path(env["HAVEN_DATA_DIR"]), fps=15)
    assert "volume 0.6" in state["log"] and state["voice"][:1] == ["settle:0"]
    assert state["voice_gain"] == pytest.approx(0.6, abs=1e-3)


# -- the voice as rendered -------------------------------------------------------

SPOKEN = """\
name: spoken-check
title: Spoken check
segments:
  - id: quiet
    pause: 6
  - id: speak
    duration: 30
    text:
      - Find a comfortable way to sit, and let your shoulders soften.
      - Let your breathing slow a little, in its own time.
      - Notice the ground beneath you, holding you up.
"""


def _mono(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        x = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, w.getnchannels())
    return x.astype(np.float64).mean(axis=1) / 32768


def _band_db(x: np.ndarray, lo: float, hi: float, a: float, b: float) -> float:
    from scipy import signal
    sos = signal.butter(4, [lo, hi], "bandpass", fs=RATE, output="sos")
    y = signal.sosfilt(sos, x)[int(a * RATE):int(b * RATE)]
    return 10 * np.log10(np.mean(y * y) + 1e-20)


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """The same practice rendered with the spoken voice and with captions only."""
    base = tmp_path_factory.mktemp("spoken")
    practice = base / "spoken.yaml"
    practice.write_text(SPOKEN)
    out = {}
    for mode in ("speech", "captions"):
        r = haven("render", "--place", "meadow", "--practice", str(practice), "--voice", mode, "--seconds", "36",
                  "--fps", "2", "--size", "160x90", "--out", str(base / mode),
                  env={"HAVEN_DATA_DIR": os.environ["HAVEN_DATA_DIR"]})
        assert r.returncode == 0, r.stderr
        out[mode] = base / mode
    return out


def test_the_rendered_mix_speaks_each_line_as_its_caption_shows(renders) -> None:
    from engine.core.events import read_events
    events = read_events(renders["speech"] / "events.jsonl")
    shows = [e["t"] for e in events if e["kind"] == "caption.show"]
    assert len(shows) == 3 and shows[0] > 6
    speech, plain = _mono(renders["speech"] / "mix.wav"), _mono(renders["captions"] / "mix.wav")
    for t in shows:
        rise = _band_db(speech, 300, 3400, t, t + 0.6) - _band_db(speech, 300, 3400, t - 0.6, t - 0.05)
        rise_without = _band_db(plain, 300, 3400, t, t + 0.6) - _band_db(plain, 300, 3400, t - 0.6, t - 0.05)
        assert rise > 10.0 and abs(rise_without) < 3.0, (t, rise, rise_without)   # the voice, not the bed


def test_the_bed_is_ducked_while_the_voice_speaks(renders) -> None:
    from engine.core.events import read_events
    events = read_events(renders["speech"] / "events.jsonl")
    spans = list(zip([e["t"] for e in events if e["kind"] == "caption.show"],
                     [e["t"] for e in events if e["kind"] == "caption.hide"]))
    speech, plain = _mono(renders["speech"] / "mix.wav"), _mono(renders["captions"] / "mix.wav")
    # outside the voice's range (below its lowest pitch, above its highest hiss) the mix is bed alone:
    # the speech render's bed against the captions render's bed, under each line and in the quiet before
    for lo, hi in ((30, 80), (9000, 16000)):
        quiet = _band_db(speech, lo, hi, 3.5, 6.0) - _band_db(plain, lo, hi, 3.5, 6.0)
        for a, b in spans:
            under = _band_db(speech, lo, hi, a + 0.5, b - 0.8) - _band_db(plain, lo, hi, a + 0.5, b - 0.8)
            assert under < quiet - 3.0, (lo, hi, a, under, quiet)
