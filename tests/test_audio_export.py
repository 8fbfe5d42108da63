"""Exporting a place's soundscape (export-audio) and render's mix.wav."""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
import yaml

from engine.audio import RATE
from engine.audio.export import (edge_fade_seconds, export_place_audio, place_soundscape,
                                 practice_seconds, render_mix_wav)
from engine.audio.files import load_sound_file
from engine.audio.loudness import measure
from engine.config import ConfigError, load_place, place_path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert w.getframerate() == RATE and w.getnchannels() == 2 and w.getsampwidth() == 2
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return pcm.reshape(-1, 2).astype(np.float32) / 32768


def rms_db(x: np.ndarray) -> float:
    return 10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-20)


def own_place(folder: Path, sounds: list[dict]) -> Path:
    """A person's place file in ``folder`` with the given sounds."""
    data = yaml.safe_load((DATA / "minimal_place.yaml").read_text())
    data["sounds"] = sounds
    path = folder / "my-place.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_meadow_export_meets_the_sound_bar(tmp_path):
    out = tmp_path / "meadow.wav"
    result = export_place_audio("meadow", out, seconds=60)
    assert result["warnings"] == []
    audio = read_wav(out)
    assert audio.shape[0] == 60 * RATE
    m = measure(audio)  # measured again on the file as written (16-bit, dithered)
    assert abs(m["integrated_lufs"] - -20.0) <= 1.0, m
    assert m["true_peak_dbtp"] <= -1.0, m
    assert m["max_short_term_lufs"] <= -15.0, m
    assert abs(result["integrated_lufs"] - m["integrated_lufs"]) < 0.1
    # faded in and out (>= 2 s): the first and last 10 ms are near silence
    assert rms_db(audio[:480]) < rms_db(audio[20 * RATE:40 * RATE]) - 40
    assert rms_db(audio[-480:]) < rms_db(audio[20 * RATE:40 * RATE]) - 40


@pytest.mark.parametrize("suffix", [".ogg", ".mp3"])
def test_compressed_exports_decode_back_with_the_right_length(tmp_path, suffix):
    out = tmp_path / f"beach{suffix}"
    result = export_place_audio("beach", out, seconds=8, seed=3)
    assert Path(result["path"]) == out and out.stat().st_size > 10_000
    back = load_sound_file(out)
    assert abs(back.shape[0] / RATE - 8.0) < 0.06, back.shape[0] / RATE
    assert rms_db(back[2 * RATE:6 * RATE]) > -40  # it holds the soundscape, not silence


def test_an_unknown_suffix_is_refused_before_any_work(tmp_path):
    with pytest.raises(ValueError, match=r"\.flac.*allowed: \.wav, \.mp3, \.ogg"):
        export_place_audio("meadow", tmp_path / "x.flac", seconds=5)
    assert not (tmp_path / "x.flac").exists()


def test_render_mix_is_deterministic_for_a_seed_and_audible(tmp_path):
    place, path = load_place("meadow"), place_path("meadow")
    a, b, c = tmp_path / "a.wav", tmp_path / "b.wav", tmp_path / "c.wav"
    render_mix_wav(place, path, 0.0, 2.0, 7, a)
    render_mix_wav(place, path, 0.0, 2.0, 7, b)
    render_mix_wav(place, path, 0.0, 2.0, 8, c)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    x = read_wav(a)
    assert x.shape[0] == 2 * RATE  # exactly the rendered span
    assert rms_db(x[int(0.3 * RATE):int(1.7 * RATE)]) > -45  # not faded to nothing
    assert np.abs(x[:48]).max() < 0.01 and np.abs(x[-48:]).max() < 0.01  # but no hard edges
    # the fade is at most 10 % of the length: by 0.2 s it is at full level
    early, mid = rms_db(x[int(0.2 * RATE):int(0.4 * RATE)]), rms_db(x[int(0.8 * RATE):int(1.2 * RATE)])
    assert early > mid - 6


def test_render_mix_later_span_is_the_soundscape_then(tmp_path):
    """[start, start + seconds] is cut from the session's soundscape, not a new one."""
    place, path = load_place("cosy-room"), place_path("cosy-room")
    render_mix_wav(place, path, 3.0, 2.0, 5, tmp_path / "late.wav")
    render_mix_wav(place, path, 0.0, 2.0, 5, tmp_path / "early.wav")
    late, early = read_wav(tmp_path / "late.wav"), read_wav(tmp_path / "early.wav")
    assert late.shape == early.shape == (2 * RATE, 2)
    assert np.corrcoef(late[RATE // 2:RATE, 0], early[RATE // 2:RATE, 0])[0, 1] < 0.5


def test_short_renders_fade_briefly_full_exports_fade_3s():
    assert edge_fade_seconds(2.0) == pytest.approx(0.2)
    assert edge_fade_seconds(0.1) == pytest.approx(0.02)
    assert edge_fade_seconds(5.9) == pytest.approx(0.59)
    assert edge_fade_seconds(120) == 3.0


def test_a_missing_own_file_warns_and_the_rest_plays(tmp_path):
    yaml_path = own_place(tmp_path, [{"layer": "wind", "gain": -12},
                                     {"file": "our-beach.wav", "gain": -10}])
    with pytest.raises(ConfigError):  # `check` still reports it as a problem ...
        load_place(str(yaml_path))
    out = tmp_path / "out.wav"
    result = export_place_audio(str(yaml_path), out, seconds=10)  # ... but export plays the rest
    assert len(result["warnings"]) == 1
    assert "our-beach.wav" in result["warnings"][0] and "\n" not in result["warnings"][0]
    assert rms_db(read_wav(out)[3 * RATE:7 * RATE]) > -40
    assert abs(result["integrated_lufs"] - -20) <= 1


def test_a_corrupt_own_file_warns_naming_it(tmp_path):
    (tmp_path / "broken.ogg").write_bytes(b"OggS" + bytes(range(256)) * 8)
    yaml_path = own_place(tmp_path, [{"file": "broken.ogg", "gain": -6},
                                     {"layer": "rain", "gain": -12}])
    place = load_place(str(yaml_path))  # the path is fine; the content is not
    audio, warnings = place_soundscape(place, yaml_path, 6, seed=1)
    assert len(warnings) == 1 and warnings[0].startswith("broken.ogg: cannot play sound")
    assert audio.shape == (6 * RATE, 2) and rms_db(audio[2 * RATE:4 * RATE]) > -40


def test_practice_length_sets_the_export_length():
    assert practice_seconds(str(DATA / "minimal_practice.yaml")) == pytest.approx(
        sum(s.get("duration", s.get("pause", 0))
            for s in yaml.safe_load((DATA / "minimal_practice.yaml").read_text())["segments"]))
    with pytest.raises(ConfigError):
        practice_seconds("no-such-practice")
