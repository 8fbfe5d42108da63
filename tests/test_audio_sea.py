"""The breath-locked sea in exports and renders: surf and lake follow the pacer."""
from __future__ import annotations

import os

import wave
from pathlib import Path

import numpy as np
import pytest
import yaml

from engine.audio import RATE
from engine.app.practice_audio import export_practice_audio, practice_sound
from engine.audio.sea import BreathCurve, envelope_db, follows, sea_layer
from engine.audio.stream import long_layer
from engine.config import load_place, load_practice, place_path

DATA = Path(__file__).resolve().parent / "data"
PRACTICE = "safe-place-short"


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return pcm.reshape(-1, 2).astype(np.float32) / 32768


def sea_place(folder: Path, layer: str, breath_sea: bool) -> Path:
    """A person's place with one sea layer (so its envelope is the export's)."""
    data = yaml.safe_load((DATA / "minimal_place.yaml").read_text())
    data["sounds"] = [{"layer": layer, "gain": -10}]
    data["breath_sea"] = breath_sea
    path = folder / f"{layer}-{breath_sea}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture(scope="module")
def breath() -> tuple[BreathCurve, float, float]:
    """The practice's breathing (as the export replays it), and the span over
    which the light fully shows: from breath.on's glide to breath.off."""
    sound = practice_sound(load_place("beach"), load_practice(PRACTICE))
    curve = sound.breath
    full = curve.t[curve.amount > 0.99]
    return curve, float(full.min()) + 5.0, float(full.max()) - 5.0


@pytest.mark.parametrize("layer, on", [("surf", True), ("lake", False)]
                         + ([("surf", False), ("lake", True)] if os.environ.get("HAVEN_SLOW") else []),
                         ids=lambda v: {True: "breath_sea", False: "own-rhythm"}.get(v, v) if isinstance(v, bool) else v)
def test_an_exported_sea_follows_the_breath_only_when_the_place_asks(tmp_path, breath, layer, on):
    curve, t0, t1 = breath
    out = tmp_path / "sea.wav"
    result = export_practice_audio(str(sea_place(tmp_path, layer, on)), PRACTICE, out)
    assert result["warnings"] == []
    t, db = envelope_db(read_wav(out))
    r, lag = follows(t, db, curve, t0, t1)
    if on:   # the swell rises with the in-breath and recedes with the out-breath
        assert r > 0.9 and 0.0 <= lag <= 1.0, (r, lag)
        inside = (t > t0) & (t < t1)
        swing = np.percentile(db[inside], 90) - np.percentile(db[inside], 10)
        assert 5.0 < swing < 14.0, swing   # a swell you hear, not a pump
    else:    # the sea keeps its own rhythm: no likeness to the breath
        assert r < 0.4, (r, lag)


def test_render_mix_follows_the_breath_over_its_span(tmp_path, breath):
    """render's mix.wav (a span of the session) hears the same breathing sea."""
    from engine.audio.export import render_mix_wav
    curve, t0, t1 = breath
    place = load_place(str(sea_place(tmp_path, "surf", True)))
    render_mix_wav(place, None, 60.0, 60.0, None, tmp_path / "mix.wav", breath=curve)
    t, db = envelope_db(read_wav(tmp_path / "mix.wav"))
    shifted = BreathCurve(curve.t - 60.0, curve.level, curve.amount)
    r, _ = follows(t, db, shifted, 5.0, 55.0)
    assert r > 0.9, r


def test_the_beach_and_the_lakeside_breathe_with_the_practice(breath):
    assert load_place("beach").breath_sea and load_place("lakeside").breath_sea
    assert not load_place("meadow").breath_sea


def test_no_breathing_shown_means_the_sea_s_own_rhythm():
    from engine.config.settings import Settings
    sound = practice_sound(load_place("beach"), load_practice(PRACTICE), settings=Settings(pacing=False))
    assert sound.breath is None   # pacing off: nothing for the sea to follow


def curve_at(period: float, seconds: float, on: float = 0.0, off: float | None = None) -> BreathCurve:
    t = np.arange(0, seconds + 0.25, 0.25)
    level = 0.5 - 0.5 * np.cos(2 * np.pi * t / period)
    amount = np.clip((t - on) / 4.0, 0, 1)
    if off is not None:
        amount = np.minimum(amount, np.clip((off + 5.0 - t) / 5.0, 0, 1))
    return BreathCurve(t, level, amount)


@pytest.mark.parametrize("layer", ["surf", "lake"])
def test_a_long_sea_reads_the_same_in_blocks_and_has_no_click(layer):
    seconds = 80.0   # past one 34 s loop: tiled textures, envelopes whole
    sea = sea_layer(layer, seconds, 4, curve_at(9.0, seconds, on=10.0, off=60.0))
    whole = np.asarray(sea)
    assert whole.shape == (int(seconds * RATE), 2) and whole.dtype == np.float32
    a, b = 31 * RATE + 17, 43 * RATE + 5
    assert np.allclose(sea[a:b], whole[a:b], atol=1e-6)
    assert np.array_equal(whole, np.asarray(sea_layer(layer, seconds, 4, curve_at(9.0, seconds, 10.0, 60.0))))
    # no click: the biggest sample step is that of the sea's own texture
    own = np.asarray(long_layer(layer, seconds, 4))
    step = np.abs(np.diff(whole, axis=0)).max()
    assert step < 1.5 * np.abs(np.diff(own, axis=0)).max()


@pytest.mark.parametrize("layer", ["surf", "lake"])
def test_breath_on_and_off_glide_at_the_sea_s_own_level(layer):
    """The breathing sea is as loud as the sea's own rhythm, and the change
    between them (breath.on, breath.off) is a glide: no jump in level."""
    from engine.audio.loudness import gated_integrated, hop_power
    seconds = 150.0
    curve = curve_at(10.0, seconds, on=20.0, off=110.0)
    sea, own = np.asarray(sea_layer(layer, seconds, 2, curve)), np.asarray(long_layer(layer, seconds, 2))
    part = slice(30 * RATE, 110 * RATE)
    diff = gated_integrated(hop_power(sea[part])) - gated_integrated(hop_power(own[part]))
    assert abs(diff) < 1.5, diff
    t, db = envelope_db(sea, smooth=3.0)
    assert np.abs(np.diff(db[(t > 5) & (t < seconds - 5)])).max() < 1.5  # dB per 0.1 s
