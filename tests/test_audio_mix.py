"""The mixer and master: placement, smooth automation, ducking, loudness bars."""
from __future__ import annotations

import numpy as np
import pyloudnorm as pyln
import pytest

from engine.audio import RATE
from engine.audio import loudness as L
from engine.audio.mix import Track, duck, fade, fade_edges, focus, gain_curve, mix, placement
from engine.audio.soundscape import render_soundscape
from engine.audio.synth import LAYERS
from engine.config.place import Sound
from engine.config.catalog import builtin_places

BEACH = [
    Sound(layer="surf", gain=-4, position=(0, 0, 30)),
    Sound(layer="wind", gain=-14, position=(-20, 2, 10)),
    Sound(layer="birds", gain=-14, position=(15, 5, 10)),
    Sound(layer="pad", gain=-22),
]
KEYS = ["surf", "wind", "birds", "pad"]


def rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-20))


def seconds(a: float, b: float) -> slice:
    return slice(int(a * RATE), int(b * RATE))


@pytest.fixture(scope="module")
def beach() -> dict[str, np.ndarray]:
    auto = focus(KEYS, ["surf"], at=25, until=45)
    raw, warnings = render_soundscape(BEACH, 60, 11, automation=auto, mastered=False)
    assert warnings == []
    return {"raw": raw, "master": L.master(raw)}


def test_placement_pans_by_azimuth_and_attenuates_mildly():
    assert placement(None) == (0.0, 0.0)
    pan, gain = placement((0, 0, 3))
    assert pan == 0 and gain == 0
    right, _ = placement((10, 0, 10))
    assert 0.6 < right < 0.8 and placement((-10, 0, 10))[0] == -right
    assert placement((0, 0, 16))[1] == pytest.approx(-6.0)
    assert placement((0, 0, 400))[1] == -12.0


def test_a_layer_on_the_right_is_louder_on_the_right():
    x = LAYERS["stream"](4, 1)
    out = mix([Track("s", x, 0.0, (30, 0, 5))], x.shape[0])
    assert rms_db(out[:, 1]) - rms_db(out[:, 0]) > 10


def test_gain_curve_is_smooth_and_hits_its_points():
    n = 10 * RATE
    g = 20 * np.log10(gain_curve([(2, 0), (5, -12), (5, 6), (8, 0)], n))
    assert g[int(1.5 * RATE)] == pytest.approx(0, abs=0.01)
    assert g[int(9.5 * RATE)] == pytest.approx(0, abs=0.01)
    assert g[int(3.5 * RATE)] == pytest.approx(-6, abs=0.1)  # raised-cosine midpoint
    assert np.abs(np.diff(g)).max() < 0.02  # even a coincident step is a 30 ms glide


def test_focus_brings_the_chosen_layer_forward_and_others_back():
    x = LAYERS["wind"](20, 2)
    auto = focus(["wind", "rain"], ["wind"], at=5, ramp=3.5)
    assert auto["rain"][-1] == (8.5, -8.0)
    plain = mix([Track("wind", x)], x.shape[0])
    focused = mix([Track("wind", x, automation=auto["wind"])], x.shape[0])
    after, before = seconds(10, 16), seconds(3, 4.5)
    assert rms_db(focused[after]) - rms_db(plain[after]) == pytest.approx(6, abs=0.1)
    assert rms_db(focused[before]) == pytest.approx(rms_db(plain[before]), abs=0.05)


def test_fade_reaches_silence_smoothly():
    pts = fade(2, ramp=1)  # asked for 1 s: glides over the 2 s minimum
    assert pts[-1][0] == 4
    g = gain_curve(pts, 6 * RATE)
    assert g[5 * RATE] < 1e-3 and np.abs(np.diff(g)).max() < 1e-3


def test_fades_at_start_and_end_begin_and_end_at_zero(beach):
    x = beach["raw"]
    assert np.abs(x[:48]).max() < 1e-5 and np.abs(x[-48:]).max() < 1e-5
    assert rms_db(x[: RATE // 2]) < rms_db(x[seconds(5, 10)]) - 12


def test_no_clicks_anywhere_in_a_mixed_minute(beach):
    for x in (beach["raw"], beach["master"]):
        jump = np.abs(np.diff(x, axis=0)).max()
        assert jump < 4 * np.sqrt(np.mean(np.square(x, dtype=np.float64)))


def test_ducking_lowers_the_bed_under_the_voice_only():
    bed = LAYERS["rain"](20, 3)
    t = np.arange(20 * RATE) / RATE
    voice = (0.2 * np.sin(2 * np.pi * 220 * t) * ((t > 8) & (t < 12))).astype(np.float32)
    out = duck(bed, voice, depth_db=-8)
    assert rms_db(out[seconds(9, 11)]) - rms_db(bed[seconds(9, 11)]) == pytest.approx(-8, abs=0.3)
    assert rms_db(out[seconds(1, 6)]) == pytest.approx(rms_db(bed[seconds(1, 6)]), abs=0.05)
    gain = out[:, 0] / np.where(np.abs(bed[:, 0]) > 1e-3, bed[:, 0], np.nan)
    assert np.nanmax(np.abs(np.diff(gain))) < 1e-3  # glides, no steps


def test_loudness_figures_agree_with_pyloudnorm(beach):
    x = beach["raw"]
    ours = L.gated_integrated(L.hop_power(x))
    theirs = pyln.Meter(RATE).integrated_loudness(x.astype(np.float64))
    assert ours == pytest.approx(theirs, abs=0.05)
    three = x[: 3 * RATE].astype(np.float64)
    first = pyln.Meter(RATE, block_size=3.0).integrated_loudness(three)
    assert L.short_term(x)[0] == pytest.approx(first, abs=0.01)


def test_true_peak_sees_between_the_samples():
    t = np.arange(RATE) / RATE
    s = np.sin(2 * np.pi * 12000 * t + np.pi / 4).astype(np.float32) * 0.5  # samples at 0.354
    x = np.stack([s, s], axis=1)
    env = L.true_peak_env(x)[1000:-1000]  # away from the buffer's abrupt edges
    assert 20 * np.log10(env.max()) == pytest.approx(20 * np.log10(0.5), abs=0.05)
    assert np.abs(x).max() < 0.36


def test_true_peak_is_not_fooled_by_the_excerpt_around_the_loudest_sample():
    """A loud, steady stretch: the true peak is its level. (An excerpt cut out
    bare around the loudest sample rang at its edges: -0.77 dBTP was reported
    for a beach practice whose true peak was -1.20.)"""
    ramp = np.sin(np.linspace(0, np.pi / 2, RATE)) ** 2   # the buffer itself fades in and out
    level = np.r_[ramp, np.ones(18 * RATE), ramp[::-1]] * 0.8
    x = np.stack([level, level], axis=1).astype(np.float32)
    x[10 * RATE] = 0.81
    exact = float(L._env_exact(x).max())
    assert exact < 0.82
    assert L.true_peak_dbtp(x) == pytest.approx(20 * np.log10(exact), abs=1e-6)


def test_true_peak_skips_only_blocks_that_cannot_beat_it():
    """The fast true peak oversamples only blocks that could hold a value over
    its floor; a hidden inter-sample peak in a quiet block is still found."""
    rng = np.random.default_rng(3)
    x = (rng.uniform(-0.4, 0.4, (20 * RATE, 2))).astype(np.float32)
    x *= np.float32(0.5)  # sample peak 0.2 ...
    x[5 * RATE] = 0.4     # ... bar one sample at 0.4
    t = np.arange(2000) / RATE
    hidden = (np.sin(2 * np.pi * 12000 * t + np.pi / 4) * 0.5).astype(np.float32)  # samples <= 0.354
    x[13 * RATE:13 * RATE + 2000] = hidden[:, None]
    exact = L._env_exact(x)
    assert exact.max() > 0.45 > np.abs(x).max()   # the true peak hides between samples
    assert L.true_peak_dbtp(x) == pytest.approx(20 * np.log10(float(exact.max())), abs=1e-6)
    for floor in (0.3, 0.45):
        fast = L.true_peak_env(x, floor=floor)
        above = exact > floor
        assert np.array_equal(fast[above], exact[above]) and np.array_equal(fast > floor, above)
    # and the limiter built on it changes exactly what the whole-buffer one would
    from scipy.ndimage import minimum_filter1d, uniform_filter1d
    ceiling = 10 ** (-6.0 / 20)
    w = int(0.01 * RATE)
    need = np.minimum(np.float32(1), np.float32(ceiling) / np.maximum(exact, np.float32(1e-12)))
    whole = x * uniform_filter1d(minimum_filter1d(need, 2 * w + 1), w + 1)[:, None]
    assert np.array_equal(L.limit(x, -6.0), whole)


def test_master_keeps_a_margin_under_the_bars():
    """A loud stretch (the 'notice the sounds' moment, +6 dB for 20 s) is levelled
    to 0.5 LU or more under the short-term bar, smoothly: no pumping."""
    x = LAYERS["wind"](90, 2) + LAYERS["surf"](90, 3)
    x = x * gain_curve([(30, 0), (33.5, 6), (50, 6), (53.5, 0)], x.shape[0])[:, None]
    y = L.master(x)
    m = L.measure(y)
    assert abs(m["integrated_lufs"] + 20) <= 0.3
    assert m["max_short_term_lufs"] <= -15.5
    assert m["true_peak_dbtp"] <= -1.2 + 1e-3
    h = RATE // 10
    k = y.shape[0] // h
    g = 10 * np.log10(np.square(y[:k * h], dtype=np.float64).reshape(k, -1).mean(axis=1)
                      / np.square(x[:k * h], dtype=np.float64).reshape(k, -1).mean(axis=1))
    assert np.abs(np.diff(g[30:-30])).max() * 10 < 3.0   # the gain glides: under 3 dB a second


def test_master_meets_the_sound_bars(beach):
    m = L.measure(beach["master"])
    assert abs(m["integrated_lufs"] + 20) <= 1.0
    assert m["true_peak_dbtp"] <= -1.0
    assert m["max_short_term_lufs"] <= -15.0


def test_master_tames_a_sudden_loud_stretch():
    x = LAYERS["rain"](60, 4)
    startle = gain_curve([(30, -18), (31, 0), (37, 0), (38, -18)], x.shape[0])
    y = L.master(x * startle[:, None])
    m = L.measure(y)
    assert m["max_short_term_lufs"] <= -15.0 and m["true_peak_dbtp"] <= -1.0
    assert abs(m["integrated_lufs"] + 20) <= 1.0


def test_master_limits_peaks_smoothly_without_clipping():
    t = np.arange(30 * RATE) / RATE
    strikes = np.sin(2 * np.pi * 2000 * t) * np.exp(-((t % 5) - 2.5) ** 2 / (2 * 0.01 ** 2))
    x = LAYERS["pad"](30, 1) * np.float32(0.3) + (0.5 * strikes).astype(np.float32)[:, None]
    before = x * np.float32(10 ** ((-20 - L.integrated(x)) / 20))
    assert L.true_peak_dbtp(before) > 0  # normalising alone would go over
    y = L.master(x)
    assert L.true_peak_dbtp(y) <= -1.0
    ratio = y[:, 0] / np.where(np.abs(x[:, 0]) > 1e-3, x[:, 0], np.nan)
    assert np.nanmax(ratio) / np.nanmin(ratio) > 1.3  # the limiter did act ...
    assert np.nanmax(np.abs(np.diff(ratio))) < 0.01  # ... with a gain that glides, not a clip


def test_master_leaves_silence_alone():
    z = np.zeros((RATE, 2), np.float32)
    assert np.array_equal(L.master(z), z)


def test_fade_edges_respects_the_two_second_minimum():
    x = np.ones((10 * RATE, 2), np.float32)
    y = fade_edges(x, fade_in=0.5, fade_out=0.5)
    assert y[RATE, 0] < 0.6 and y[2 * RATE + 10, 0] == 1.0


def test_streamed_layers_cross_segment_seams_smoothly():
    from itertools import islice
    from engine.audio.stream import layer_blocks
    blocks = list(islice(layer_blocks("rain", 5, block=0.5, segment=8, xfade=2), 60))
    again = list(islice(layer_blocks("rain", 5, block=0.5, segment=8, xfade=2), 4))
    assert all(np.array_equal(a, b) for a, b in zip(blocks, again))
    x = np.concatenate(blocks)
    assert x.shape == (30 * RATE, 2)
    level = [rms_db(x[seconds(t, t + 0.5)]) for t in np.arange(0, 29.5, 0.5)]
    assert max(level) - min(level) < 2.0  # equal-power: no dip or bump at seams
    seams = [int(s * RATE) for s in (8, 16, 24)]
    jumps = np.abs(np.diff(x, axis=0)).max(axis=1)
    at_seam = np.zeros(len(jumps), bool)
    for s in seams:
        at_seam[s - 2 * RATE: s + 100] = True
    assert jumps[at_seam].max() <= 1.5 * jumps[~at_seam].max()


PLACES = builtin_places()   # from the catalogue: a new place is tested too


@pytest.mark.parametrize("name", PLACES)
def test_every_built_in_place_exports_within_the_sound_bars(name):
    from engine.config.loader import load_place
    from engine.audio.soundscape import sound_key
    place = load_place(name)
    keys = [sound_key(s) for s in place.sounds]
    auto = focus(keys, keys[:1], at=12, until=24)  # the 'notice the sounds' moment
    out, warnings = render_soundscape(place.sounds, 40, place.seed, automation=auto)
    m = L.measure(out)
    assert warnings == []
    assert abs(m["integrated_lufs"] + 20) <= 1.0
    assert m["true_peak_dbtp"] <= -1.0
    assert m["max_short_term_lufs"] <= -15.0
