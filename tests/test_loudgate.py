"""The loudness gate can be seen to fail: its measuring function on synthetic WAVs.

Pink noise at -20 LUFS passes every bar; the same noise with 4 s at +6 dB
misses the short-term bar only; hard clipping and a 0 dBTP inter-sample
peak (samples at -3 dBFS, so a sample-peak meter would pass it) miss the
true-peak bar; -25 LUFS misses the integrated bar. Fast (no exports).
"""
from __future__ import annotations

import json

import numpy as np
import pyloudnorm as pyln
import pytest

from engine.audio.soundscape import write_wav
from tools.quality import loudgate

R = 48000


def pink(seconds: float, seed: int = 1) -> np.ndarray:
    """Stereo pink noise (1/f power, 20 Hz up), float64."""
    rng = np.random.default_rng(seed)
    n = int(seconds * R)
    f = np.fft.rfftfreq(n, 1 / R)
    spec = rng.standard_normal((len(f), 2)) + 1j * rng.standard_normal((len(f), 2))
    spec[1:] /= np.sqrt(f[1:, None])
    spec[f < 20] = 0
    x = np.fft.irfft(spec, n, axis=0)
    return x / x.std() * 0.1


def at_lufs(x: np.ndarray, lufs: float) -> np.ndarray:
    return x * 10 ** ((lufs - pyln.Meter(R).integrated_loudness(x)) / 20)


def ramp(n: int) -> np.ndarray:
    return (0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n))[:, None]


def gated(tmp_path, name: str, x: np.ndarray) -> tuple[dict, list[str]]:
    path = tmp_path / f"{name}.wav"
    write_wav(path, x.astype(np.float32))   # 16-bit with TPDF dither, as an export
    fig = loudgate.measure_wav(path)
    # the cross-checks agree with the engine's meters
    assert fig["max_short_term_pyloudnorm_lufs"] == pytest.approx(fig["max_short_term_lufs"], abs=0.05)
    assert fig["true_peak_scipy_dbtp"] == pytest.approx(fig["true_peak_dbtp"], abs=0.15)
    return fig, loudgate.failures(fig)


@pytest.fixture(scope="module")
def noise() -> np.ndarray:
    return at_lufs(pink(90), -20.0)


def test_pink_noise_at_minus_20_lufs_passes(tmp_path, noise):
    fig, fails = gated(tmp_path, "pink", noise)
    assert fails == []
    assert fig["integrated_lufs"] == pytest.approx(-20.0, abs=0.05)
    assert fig["max_short_term_lufs"] < -18.5 and fig["true_peak_dbtp"] < -6


def test_a_6_db_burst_of_4_s_fails_the_short_term_bar(tmp_path, noise):
    x = noise.copy()
    a, k = 43 * R, 4 * R
    gain = np.ones((k, 1))
    edge = int(0.05 * R)
    gain[:edge] = 1 + ramp(edge)
    gain[-edge:] = 1 + ramp(edge)[::-1]
    gain[edge:-edge] = 2.0   # +6 dB
    x[a:a + k] *= gain
    fig, fails = gated(tmp_path, "burst", x)
    assert fig["max_short_term_lufs"] == pytest.approx(-14.0, abs=0.3)
    assert 43 <= fig["max_short_term_at_s"] <= 44.1   # the loudest 3 s lie inside the burst
    assert len(fails) == 1 and fails[0].startswith("max short-term"), fails
    assert abs(fig["integrated_lufs"] + 20) < 1   # the whole file is still near target


def test_clipping_fails_the_true_peak_bar(tmp_path, noise):
    x = np.clip(noise * 10 ** (14 / 20), -1.0, 1.0)
    fig, fails = gated(tmp_path, "clipped", x)
    assert fig["sample_peak_dbfs"] > -0.01 and fig["true_peak_dbtp"] > 0.0
    assert any(f.startswith("true peak") for f in fails), fails


def test_an_inter_sample_peak_at_0_dbtp_fails_the_true_peak_bar(tmp_path, noise):
    x = noise.copy()
    a, gap, edge = 60 * R, int(0.3 * R), int(0.02 * R)   # a quiet gap in the noise
    x[a - edge:a] *= ramp(edge)[::-1]
    x[a:a + gap] = 0
    x[a + gap:a + gap + edge] *= ramp(edge)
    n = int(0.05 * R)   # 50 ms at fs/4, phase 45 degrees: every sample at +-0.707 of the peak between them
    tone = np.sin(np.pi / 2 * np.arange(n) + np.pi / 4) * np.hanning(n)
    x[a + 5000:a + 5000 + n] = tone[:, None]
    fig, fails = gated(tmp_path, "isp", x)
    assert fig["sample_peak_dbfs"] < -2.9   # a sample-peak meter would let this through
    assert fig["true_peak_dbtp"] == pytest.approx(0.0, abs=0.1)
    assert len(fails) == 1 and fails[0].startswith("true peak"), fails


def test_minus_25_lufs_fails_the_integrated_bar(tmp_path, noise):
    fig, fails = gated(tmp_path, "quiet", noise * 10 ** (-5 / 20))
    assert fig["integrated_lufs"] == pytest.approx(-25.0, abs=0.05)
    assert len(fails) == 1 and fails[0].startswith("integrated"), fails


def test_an_export_that_cannot_be_made_fails_the_gate(tmp_path):
    out, md = tmp_path / "loud.json", tmp_path / "loud.md"
    rc = loudgate.main(["--places", "no-such-place", "--practices", "safe-place-short", "--voice", "captions",
                        "--ambient-seconds", "--out", str(out), "--report", str(md)])
    assert rc == 1
    result = json.loads(out.read_text())
    row = result["groups"][0]["rows"][0]
    assert row["verdict"] == "FAIL" and row["failures"][0].startswith("export failed")
    assert "**FAIL**" in md.read_text()
    assert not list(tmp_path.glob("*.wav"))
