"""Voice: espeak-ng speech (real espeak-ng), imported and recorded voice (real ffmpeg)."""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import types
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.helpers.process import haven
from engine.audio import RATE
from engine.audio.files import ffmpeg_exe
from engine.audio.loudness import integrated, true_peak_dbtp
from engine.config.loader import load_practice
from engine.core.timeline import VOICE_TAIL, build_timeline
from engine.voice import (clip_seconds, import_voice, recorded_clip, record_voice, segment_voice,
                          speak_line, speech_available)
from engine.voice import speech
from engine.voice.recorded import LEAD, TAIL, VoiceError

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not on PATH (CI installs it: apt-get install espeak-ng)")
TEN_WORDS = "Let your breathing slow a little, and rest for a while."

PRACTICE = """\
name: voice-test
title: Voice test
segments:
  - id: settle
    duration: 20
    text:
      - Find a comfortable way to sit.
      - Let your breathing slow a little.
  - id: sight
    duration: 8
    text: Look around you.
  - id: rest
    pause: 5
  - id: smell
    duration: 10
    text: Notice the air.
  - id: sound
    duration: 20
    text: Listen for a while.
  - id: touch
    duration: 6
    text: Feel the ground.
  - id: return
    duration: 10
    text: Come back when you are ready.
"""


@pytest.fixture(autouse=True)
def data(tmp_path, monkeypatch) -> Path:
    """A fresh private data folder for every test."""
    folder = tmp_path / "haven-data"
    monkeypatch.setenv("HAVEN_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def practice_yaml(tmp_path) -> Path:
    path = tmp_path / "voice-test.yaml"
    path.write_text(PRACTICE)
    return path


def voiced(seconds: float, rate: int = RATE, f0: float = 140.0, channels: int = 1) -> np.ndarray:
    """Speech-like sound: a harmonic voice rising and falling in syllables
    (never silent, so its length is exactly `seconds`)."""
    t = np.arange(int(seconds * rate)) / rate
    tone = sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, 12))
    syllable = 0.4 + 0.6 * np.sin(np.pi * t / 0.3) ** 2
    x = (0.25 * tone * syllable).astype(np.float32)
    return np.repeat(x[:, None], channels, axis=1) if channels > 1 else x


def write_wav(path: Path, x: np.ndarray, rate: int = RATE, pad: float = 0.5) -> Path:
    """A 16-bit WAV with `pad` s of silence before and after."""
    x = x if x.ndim == 2 else x[:, None]
    z = np.zeros((int(pad * rate), x.shape[1]), np.float32)
    pcm = (np.concatenate([z, x, z]) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(x.shape[1])
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def to_mp3(src: Path, dst: Path) -> Path:
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(src), "-b:a", "128k", str(dst)], check=True)
    src.unlink()
    return dst


def stored(data: Path, segment: str) -> Path:
    return data / "voice" / "voice-test" / f"{segment}.wav"


def wav_info(path: Path) -> tuple[int, int, int, float]:
    with wave.open(str(path), "rb") as w:
        return w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes() / w.getframerate()


def band_fraction(x: np.ndarray, lo: float, hi: float) -> float:
    power = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    return float(power[(f >= lo) & (f <= hi)].sum() / power.sum())


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


# -- speech (espeak-ng) ------------------------------------------------------

@needs_espeak
def test_a_ten_word_line_is_calm_speech_at_speech_loudness():
    x = speak_line(TEN_WORDS)
    assert x.dtype == np.float32 and x.ndim == 1
    assert 2.0 <= len(x) / RATE <= 8.0
    assert np.sqrt(np.mean(x ** 2)) > 0.02          # not silence
    assert integrated(x) == pytest.approx(-20.0, abs=1.0)
    assert true_peak_dbtp(x[:, None]) <= -0.9        # never clipped
    assert band_fraction(x, 100, 4000) > 0.85        # a voice, not hiss or hum
    # the softened top: espeak's own 's' and 'sh' put ~1.4 % of this line's
    # energy above 6 kHz; the low-pass and de-esser leave under 0.3 %
    hiss = speak_line("She sees the sunshine on the grass.")
    assert band_fraction(hiss, 6000, RATE / 2) < 0.003


@needs_espeak
def test_spoken_line_starts_and_ends_at_zero_without_a_click():
    x = speak_line("Notice the sounds around you.")
    ms = RATE // 1000
    assert abs(x[0]) < 1e-6 and abs(x[-1]) < 1e-6
    assert np.abs(x[:ms]).max() < 2e-3 and np.abs(x[-ms:]).max() < 2e-3
    # the fades are smooth: no sample-to-sample jump near the ends
    assert np.abs(np.diff(x[:20 * ms])).max() < 0.05 and np.abs(np.diff(x[-20 * ms:])).max() < 0.05
    # silence was trimmed: sound within the first and last 150 ms
    assert np.abs(x[:150 * ms]).max() > 0.01 and np.abs(x[-150 * ms:]).max() > 0.005


@needs_espeak
def test_second_call_reads_the_cache_without_running_espeak(data, monkeypatch):
    first = speak_line(TEN_WORDS)
    files = list((data / "cache" / "voice").glob("*.wav"))
    assert len(files) == 1 and private(files[0])
    assert len(files[0].stem) == 64  # sha256
    mtime = files[0].stat().st_mtime_ns
    calls = []
    real_run = subprocess.run

    def counting_run(cmd, *a, **kw):
        calls.append(cmd)
        return real_run(cmd, *a, **kw)
    monkeypatch.setattr(speech.subprocess, "run", counting_run)
    again = speak_line(TEN_WORDS)
    assert calls == []
    assert files[0].stat().st_mtime_ns == mtime
    np.testing.assert_array_equal(again, first)
    other = speak_line("A different line entirely.")
    assert any("--stdout" in c for c in calls)  # a new line does run espeak-ng
    assert len(list((data / "cache" / "voice").glob("*.wav"))) == 2
    assert len(other) != len(first)


@needs_espeak
def test_text_is_plain_words_never_options_or_markup():
    assert speech.plain_text("[[h@l'oU]] <b>hi</b>\n  there") == "[ [h@l'oU] ] <b>hi</b> there"
    # a line that looks like an option is read aloud, not taken as one
    assert len(speak_line("-v nosuch --help")) > RATE * 0.5
    assert len(speak_line("   ")) == 0


def test_missing_espeak_means_captions_only(tmp_path, monkeypatch, practice_yaml):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ok, message = speech_available()
    assert not ok
    assert message == ("haven: espeak-ng is not installed; showing captions only "
                       "(install it with: sudo apt-get install espeak-ng)")
    practice = load_practice(str(practice_yaml))
    assert segment_voice(practice, "speech", {"settle": ["Hello there."]}) == {}
    with pytest.raises(speech.SpeechError, match="not installed"):
        speak_line("Hello.")


@needs_espeak
def test_speech_mode_gives_one_clip_per_line_and_the_timeline_waits_for_it(practice_yaml):
    practice = load_practice(str(practice_yaml))
    lines = {"settle": list(practice.segments[0].text), "sight": ["Look around you."]}
    clips = segment_voice(practice, "speech", lines)
    assert "rest" not in clips  # a silent pause has no voice
    assert len(clips["settle"]) == 2 and all(isinstance(c, np.ndarray) for c in clips["settle"])
    secs = clip_seconds(clips)
    assert secs["settle"] == [len(c) / RATE for c in clips["settle"]]
    slow = {k: [s * 4 for s in v] for k, v in secs.items()}  # as if spoken very slowly
    tl = build_timeline(practice, voice=slow)
    cap = next(c for c in tl.captions if c.segment == "settle" and c.index == 0)
    assert cap.end - cap.start == pytest.approx(slow["settle"][0] + VOICE_TAIL)


def test_captions_mode_is_silent_and_unknown_modes_are_refused(practice_yaml):
    practice = load_practice(str(practice_yaml))
    assert segment_voice(practice, "captions", {}) == {}
    with pytest.raises(ValueError, match="allowed: captions, speech, recorded"):
        segment_voice(practice, "sung", {})


# -- imported voice ----------------------------------------------------------

@pytest.fixture
def folder(tmp_path) -> Path:
    """Good, corrupt, silent, too long, unmatched and missing files."""
    src = tmp_path / "takes"
    src.mkdir()
    write_wav(src / "01-settle.wav", voiced(3.0, 44100, channels=2), 44100)
    (src / "sight.wav").write_bytes(np.random.default_rng(3).bytes(20000))
    write_wav(src / "smell.wav", np.zeros(RATE, np.float32))
    to_mp3(write_wav(src / "sound.wav", voiced(2.0)), src / "05-sound.mp3")
    write_wav(src / "touch.wav", voiced(9.0, f0=110))
    write_wav(src / "extra.wav", voiced(1.0))
    (src / "notes.txt").write_text("take 2 was better")
    return src  # no file for 'return'


def test_import_reports_every_segment_and_stores_clean_clips(practice_yaml, folder, data):
    report = import_voice(str(practice_yaml), folder)
    status = {s.segment: s.status for s in report.segments}
    assert status == {"settle": "imported", "sight": "unreadable", "smell": "silent",
                      "sound": "imported", "touch": "imported", "return": "missing"}
    by_id = {s.segment: s for s in report.segments}
    assert [s.segment for s in report.missing] == ["return"]
    assert "captions only" in by_id["return"].line()
    bad = by_id["sight"].line()
    assert bad.startswith(str(folder / "sight.wav") + ": not imported: ") and "\n" not in bad
    assert "silence" in by_id["smell"].reason
    assert [s.segment for s in report.too_long] == ["touch"]
    # the note says what the timeline will do with this voice
    timeline = build_timeline(load_practice(str(practice_yaml)), voice=clip_seconds(
        segment_voice(load_practice(str(practice_yaml)), "recorded", {})))
    touch = next(s for s in timeline.slots if s.id == "touch")
    assert touch.length == pytest.approx(by_id["touch"].lengthened_to) and touch.length > 9 + VOICE_TAIL
    settle = next(s for s in timeline.slots if s.id == "settle")
    assert settle.length == 20
    assert "lengthened" in by_id["touch"].line() and not by_id["settle"].too_long
    assert {i.file.name for i in report.ignored} == {"extra.wav", "notes.txt"}
    assert not report.ok  # a file was refused
    # stored: 48 kHz mono 16-bit, trimmed to the sound plus a short pad, private
    for seg, seconds in (("settle", 3.0), ("sound", 2.0), ("touch", 9.0)):
        path = stored(data, seg)
        rate, channels, width, length = wav_info(path)
        assert (rate, channels, width) == (RATE, 1, 2)
        assert length == pytest.approx(seconds + LEAD + TAIL, abs=0.06)
        assert by_id[seg].seconds == pytest.approx(length)
        assert private(path) and private(path.parent)
        clip = recorded_clip("voice-test", seg)
        assert len(clip) == round(length * RATE)
        assert integrated(clip) == pytest.approx(-20.0, abs=1.0)
        assert abs(clip[0]) < 1e-4 and abs(clip[-1]) < 1e-4
    for seg in ("sight", "smell", "return"):
        assert not stored(data, seg).exists() and recorded_clip("voice-test", seg) is None


def test_a_corrupt_file_never_replaces_a_good_recording(practice_yaml, tmp_path, data):
    good = tmp_path / "good"
    good.mkdir()
    write_wav(good / "settle.wav", voiced(2.0))
    assert import_voice(str(practice_yaml), good).ok
    before = hashlib.sha256(stored(data, "settle").read_bytes()).hexdigest()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "settle.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + bytes(500))
    (bad / "sight.flac").write_bytes(b"")
    report = import_voice(str(practice_yaml), bad)
    settle = report.segments[0]
    assert settle.status == "unreadable" and settle.kept_earlier
    assert "earlier recording of 'settle' is kept" in settle.line()
    assert hashlib.sha256(stored(data, "settle").read_bytes()).hexdigest() == before
    assert report.segments[1].status == "silent" and "empty" in report.segments[1].reason
    assert recorded_clip("voice-test", "settle") is not None


def test_not_a_folder_and_bad_names(practice_yaml, tmp_path):
    with pytest.raises(VoiceError, match="not a folder"):
        import_voice(str(practice_yaml), tmp_path / "nowhere")
    assert recorded_clip("voice-test", "../../etc/passwd") is None
    assert recorded_clip("voice-test", "settle") is None


def test_recorded_mode_gives_one_clip_per_segment(practice_yaml, tmp_path):
    src = tmp_path / "takes"
    src.mkdir()
    write_wav(src / "settle.wav", voiced(2.0))
    import_voice(str(practice_yaml), src)
    # the practice's own voice file is used where nothing was imported
    (tmp_path / "voice").mkdir()
    write_wav(tmp_path / "voice" / "sight.wav", voiced(1.5))
    own = practice_yaml.with_name("own.yaml")
    own.write_text(PRACTICE.replace("text: Look around you.", "text: Look around you.\n    voice: voice/sight.wav"))
    practice = load_practice(str(own))
    clips = segment_voice(practice, "recorded", {}, yaml_path=own)
    assert set(clips) == {"settle", "sight", "smell", "sound", "touch", "return"}
    assert all(len(v) == 1 for v in clips.values())
    assert clips["smell"] == [None]
    secs = clip_seconds(clips)
    assert secs["settle"][0] == pytest.approx(2.0 + LEAD + TAIL, abs=0.06)
    assert secs["sight"][0] == pytest.approx(1.5 + LEAD + TAIL, abs=0.06)
    assert secs["return"] == [None]


# -- recording -----------------------------------------------------------------

def fake_sounddevice(inputs: int = 1, take: np.ndarray | None = None):
    """A stand-in for the sounddevice package: one 44.1 kHz microphone."""
    mod = types.SimpleNamespace()
    mod.query_devices = lambda kind=None: {"name": "Test mic", "max_input_channels": inputs,
                                           "default_samplerate": 44100.0}

    class InputStream:
        def __init__(self, samplerate, channels, dtype, callback):
            self.callback, self.rate = callback, samplerate

        def __enter__(self):
            x = take if take is not None else np.zeros(self.rate, np.float32)
            for start in range(0, len(x), 1024):
                block = x[start:start + 1024, None]
                self.callback(block, len(block), None, None)
            return self

        def __exit__(self, *exc):
            return False
    mod.InputStream = InputStream
    return mod


def test_record_keeps_a_take_per_segment(practice_yaml, data):
    answers = iter(["", "", "s", "q"])  # record settle (start, stop), skip sight, stop
    said = []
    code, why = record_voice(str(practice_yaml), ask=lambda _p: next(answers), say=said.append,
                             sd=fake_sounddevice(take=voiced(2.0, 44100)))
    assert (code, why) == (0, "")
    assert wav_info(stored(data, "settle"))[:3] == (RATE, 1, 2)
    assert not stored(data, "sight").exists()
    assert any("kept (2.0 s)" in line for line in said)  # nothing to trim


def test_record_refuses_a_silent_take_and_a_missing_microphone(practice_yaml, data):
    answers = iter(["", "", "q"])
    said = []
    code, _ = record_voice(str(practice_yaml), ask=lambda _p: next(answers), say=said.append,
                           sd=fake_sounddevice())
    assert code == 0 and any("only silence" in line for line in said)
    assert not stored(data, "settle").exists()
    code, why = record_voice(str(practice_yaml), sd=fake_sounddevice(inputs=0))
    assert code == 1 and why.startswith("haven: cannot record here: no microphone")


# -- command line ----------------------------------------------------------------

def test_cli_voice_import_list_and_record(practice_yaml, tmp_path, data):
    env = {"HAVEN_DATA_DIR": str(data)}
    src = tmp_path / "good"
    src.mkdir()
    write_wav(src / "01-settle.wav", voiced(3.0))
    write_wav(src / "sound.wav", voiced(1.0))
    r = haven("voice", "import", "--practice", str(practice_yaml), str(src), env=env)
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0] == "settle: imported 01-settle.wav (3.4 s)"
    assert "sight: no file (captions only for this segment)" in out
    assert out[-1].startswith("voice-test: 2 of 6 spoken segments have a recording")
    assert r.stderr == ""

    (src / "sight.wav").write_bytes(np.random.default_rng(5).bytes(4000))
    r = haven("voice", "import", "--practice", str(practice_yaml), str(src), env=env)
    assert r.returncode == 2
    err = r.stderr.splitlines()
    assert len(err) == 1 and err[0].startswith(f"{src / 'sight.wav'}: not imported: not a readable wav")
    assert "Traceback" not in r.stderr

    empty = tmp_path / "empty"
    empty.mkdir()
    r = haven("voice", "import", "--practice", str(practice_yaml), str(empty), env=env)
    assert r.returncode == 2 and "no voice files for practice voice-test" in r.stderr
    r = haven("voice", "import", "--practice", "no-such-practice", str(src), env=env)
    assert r.returncode == 2 and "no-such-practice: no practice with this name" in r.stderr

    r = haven("voice", "list", "--practice", str(practice_yaml), env=env)
    assert r.returncode == 0
    assert r.stdout.splitlines()[:3] == ["settle: recorded (3.4 s; segment 20 s)",
                                          "sight: no recording (captions only)",
                                          "rest: silent pause (5 s, no voice)"]

    # no microphone here (and sounddevice absent, or finding no input device)
    r = haven("voice", "record", "--practice", str(practice_yaml), env=env)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("haven: cannot record here: ")
    assert "voice import --practice R DIR" in lines[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file modes are POSIX")
def test_voice_folders_are_private(practice_yaml, tmp_path, data):
    src = tmp_path / "takes"
    src.mkdir()
    write_wav(src / "settle.wav", voiced(1.0))
    import_voice(str(practice_yaml), src)
    for folder in (data, data / "voice", data / "voice" / "voice-test"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


# -- a recording spans its segment's lines --------------------------------------

def test_a_long_recording_spreads_the_segment_s_lines_across_it(practice_yaml, tmp_path):
    """A 90 s recording of a two-line 20 s segment: both lines are shown while
    it plays, each for its share of the words (not line 1 for 90 s), and the
    segment lasts as long as the recording needs."""
    from engine.audio.voice_mix import placements
    from engine.voice.practice import practice_voice
    from engine.core.timeline import LEAD_IN, recording_needs
    src = tmp_path / "takes"
    src.mkdir()
    write_wav(src / "settle.wav", voiced(90.0))
    import_voice(str(practice_yaml), src)
    practice = load_practice(str(practice_yaml))
    secs, clips, message = practice_voice(practice, None, "recorded", practice_yaml)
    assert message is None and isinstance(secs["settle"], float)
    rec = secs["settle"]
    assert rec == pytest.approx(90.0 + LEAD + TAIL, abs=0.06)
    tl = build_timeline(practice, None, secs)
    settle = tl.slots[0]
    assert settle.length == pytest.approx(recording_needs(rec)) and settle.length > 90
    caps = [c for c in tl.captions if c.segment == "settle"]
    lines = [seg for seg in practice.segments if seg.id == "settle"][0].text
    assert [c.text for c in caps] == lines
    words = [len(x.split()) for x in lines]
    assert caps[0].start == pytest.approx(settle.start + LEAD_IN)
    # line 2 begins where its words begin in the recording: after line 1's share
    assert caps[1].start == pytest.approx(caps[0].start + rec * words[0] / sum(words))
    assert caps[0].end < caps[1].start and caps[1].end == pytest.approx(caps[0].start + rec + VOICE_TAIL)
    # the clip starts with the first line; the next segment waits for it to end
    start, key, clip = next(p for p in placements(tl, clips) if p[1][0] == "settle")
    assert start == pytest.approx(caps[0].start) and start + len(clip) / RATE < tl.slots[1].start


def test_a_recording_spans_the_place_s_words_line_too():
    from engine.config.practice import Practice
    from engine.core.timeline import spread
    practice = Practice.model_validate({"name": "p", "title": "P", "segments": [
        {"id": "smell", "duration": 30, "words": "smells",
         "text": ["Is there a scent in the air?", "Perhaps something like this:"]}]})

    class Place:
        smells = ["salt on the breeze", "warm sand"]
        touch = []
    tl = build_timeline(practice, Place(), {"smell": 24.0})
    caps = tl.captions
    assert [c.text for c in caps][-1] == "salt on the breeze, warm sand."
    assert len(caps) == 3 and caps[-1].end == pytest.approx(1.0 + 24.0 + VOICE_TAIL)
    assert [(c.start, c.end) for c in caps] == [pytest.approx(x) for x in spread([c.text for c in caps], 1.0, 24.0)]
    # shares follow the words: 7, 4 and 6 words of 17
    assert caps[1].start - caps[0].start == pytest.approx(24.0 * 7 / 17)
    assert tl.slots[0].length == pytest.approx(30.0)   # it fitted: not lengthened
