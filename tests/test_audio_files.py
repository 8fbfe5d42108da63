"""A person's own sound files, soundscape warnings, and exports."""
from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from engine.audio import RATE
from engine.audio.files import SoundFileError, ffmpeg_exe, fit_length, load_sound_file
from engine.audio.soundscape import export, render_soundscape, write_wav
from engine.config.place import Sound


def sine_wav(path: Path, freq: float = 440.0, seconds: float = 2.0, rate: int = 44100) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    pcm = (0.5 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def encode(src: Path, dst: Path) -> Path:
    """Encode with the imageio-ffmpeg binary (.m4a: AAC in an MP4 container)."""
    codec = ["-c:a", "aac", "-b:a", "128k"] if dst.suffix == ".m4a" else []
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-i", str(src), *codec, str(dst)], check=True)
    return dst


def dominant(x: np.ndarray) -> float:
    spec = np.abs(np.fft.rfft(x[:, 0]))
    return float(np.fft.rfftfreq(x.shape[0], 1 / RATE)[np.argmax(spec)])


@pytest.mark.parametrize("suffix", [".wav", ".ogg", ".mp3", ".flac", ".m4a"])
def test_a_real_file_loads_as_48k_stereo(tmp_path, suffix):
    src = sine_wav(tmp_path / "tone.wav")
    path = src if suffix == ".wav" else encode(src, tmp_path / f"tone{suffix}")
    if suffix == ".m4a":  # it really is AAC in an MP4 box
        head = path.read_bytes()[:12]
        assert head[4:8] == b"ftyp", head
    x = load_sound_file(path)
    assert x.dtype == np.float32 and x.shape[1] == 2
    assert abs(x.shape[0] - 2 * RATE) < 0.06 * RATE
    assert dominant(x) == pytest.approx(440, abs=2)
    # mono comes through at full level (AAC rings on the tone's abrupt full-scale
    # start, 0.76 at 13 ms: an m4a is judged on its steady middle)
    steady = x[RATE // 4:-RATE // 4] if suffix == ".m4a" else x
    assert 0.45 < np.abs(steady).max() < 0.56


def test_a_corrupt_file_gives_one_clear_line(tmp_path):
    bad = tmp_path / "x.mp3"
    bad.write_bytes(np.random.default_rng(0).bytes(8000))
    with pytest.raises(SoundFileError) as err:
        load_sound_file(bad)
    msg = str(err.value)
    assert msg.startswith(f"{bad}: cannot play sound: ") and "\n" not in msg


@pytest.mark.parametrize("name,reason", [("gone.ogg", "file not found"),
                                         ("notes.txt", "unsupported type")])
def test_missing_or_wrong_type(tmp_path, name, reason):
    if name.endswith(".txt"):
        (tmp_path / name).write_text("hello")
    with pytest.raises(SoundFileError, match=reason):
        load_sound_file(tmp_path / name)


def test_short_files_loop_without_a_seam(tmp_path):
    x = load_sound_file(sine_wav(tmp_path / "t.wav", freq=330.0, seconds=1.3))
    y = fit_length(x, 5 * RATE)
    assert y.shape == (5 * RATE, 2)
    assert np.abs(np.diff(y, axis=0)).max() < 1.5 * np.abs(np.diff(x, axis=0)).max()
    assert np.abs(y[-RATE:]).max() > 0.3  # still playing at the end


def test_a_bad_file_warns_and_the_rest_still_plays(tmp_path):
    (tmp_path / "x.mp3").write_bytes(b"\x00not audio" * 100)
    sounds = [Sound(layer="stream", gain=-10), Sound(file="x.mp3"), Sound(file="gone.wav")]
    out, warnings = render_soundscape(sounds, 8, 1, base_dir=tmp_path, mastered=False)
    assert len(warnings) == 2
    assert warnings[0].startswith("x.mp3: cannot play sound:")
    assert warnings[1] == "gone.wav: cannot play sound: file not found"
    assert np.sqrt(np.mean(out[2 * RATE: 6 * RATE] ** 2)) > 1e-3


@pytest.mark.parametrize("suffix", [".wav", ".m4a"])
def test_a_persons_file_is_mixed_in(tmp_path, suffix):
    src = sine_wav(tmp_path / "mine.wav", freq=523.0, seconds=1.0)
    name = src.name if suffix == ".wav" else encode(src, tmp_path / "mine.m4a").name
    out, warnings = render_soundscape([Sound(file=name, gain=0)], 6, 1,
                                      base_dir=tmp_path, mastered=False)
    assert warnings == [] and dominant(out) == pytest.approx(523, abs=2)


def test_write_wav_and_compressed_exports_round_trip(tmp_path):
    t = np.arange(3 * RATE) / RATE
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    x = np.stack([tone, tone], axis=1)
    write_wav(tmp_path / "a.wav", x)
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, RATE)
    for suffix in (".wav", ".mp3", ".ogg"):
        export(tmp_path / f"mix{suffix}", x)
        back = load_sound_file(tmp_path / f"mix{suffix}")
        assert dominant(back) == pytest.approx(440, abs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav", "mix.mp3", "mix.ogg", "mix.wav"]
    with pytest.raises(ValueError, match="allowed"):
        export(tmp_path / "mix.aiff", x)


def test_files_are_brought_to_the_layers_nominal_loudness():
    from engine.audio.files import to_nominal
    from engine.audio.loudness import integrated
    t = np.arange(4 * RATE) / RATE
    for amp in (0.02, 0.9):
        tone = (amp * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        x = to_nominal(np.stack([tone, tone], axis=1))
        assert integrated(x) == pytest.approx(-20.0, abs=0.1)
