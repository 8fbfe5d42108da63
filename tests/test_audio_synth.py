"""Each synthesised layer: reproducible, alive, unclipped, and sounding like itself.

Spectral checks are on 12 s renders (cached once per session); the surf's
swell period needs 90 s. Bands are where a listener expects each sound.
"""
from __future__ import annotations

import numpy as np
import pytest

from engine.audio import RATE
from engine.audio.loudness import integrated
from engine.audio.synth import LAYERS, NOMINAL_LUFS, render_layer
from engine.audio.synth_creatures import SONGS

SECONDS = 12.0
ALL = sorted(LAYERS)
SOUND_LAYERS = {"surf", "lake", "stream", "rain", "rain-window", "wind", "leaves", "birds",
                "crickets", "fire", "chimes", "pad", "fountain"}


@pytest.fixture(scope="module")
def renders() -> dict[str, np.ndarray]:
    return {name: LAYERS[name](SECONDS, 1) for name in ALL}


def power_spectrum(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    spec = np.abs(np.fft.rfft(x.mean(axis=1).astype(np.float64))) ** 2
    return np.fft.rfftfreq(x.shape[0], 1 / RATE), spec


def band_share(x: np.ndarray, lo: float, hi: float) -> float:
    f, s = power_spectrum(x)
    return float(s[(f >= lo) & (f < hi)].sum() / s.sum())


def frame_rms(x: np.ndarray, frame: int) -> np.ndarray:
    m = x.mean(axis=1)
    k = len(m) // frame
    return np.sqrt(np.mean(m[: k * frame].reshape(k, frame) ** 2, axis=1))


def test_registry_covers_every_sound_layer_of_the_place_model():
    import typing
    from engine.config.place import SoundLayer
    assert set(typing.get_args(SoundLayer)) == SOUND_LAYERS == set(LAYERS)


@pytest.mark.parametrize("name", ALL)
def test_shape_dtype_and_length(renders, name):
    x = renders[name]
    assert x.dtype == np.float32 and x.shape == (int(SECONDS * RATE), 2)
    assert np.isfinite(x).all()


@pytest.mark.parametrize("name", ALL)
def test_same_seed_same_sound(renders, name):
    assert np.array_equal(renders[name], LAYERS[name](SECONDS, 1))


@pytest.mark.parametrize("name", ALL)
def test_different_seed_different_sound(renders, name):
    other = LAYERS[name](SECONDS, 2)
    assert not np.allclose(renders[name], other, atol=1e-4)


@pytest.mark.parametrize("name", ALL)
def test_audible_unclipped_and_near_nominal_level(renders, name):
    x = renders[name]
    rms_db = 20 * np.log10(np.sqrt(np.mean(x.astype(np.float64) ** 2)))
    assert rms_db > -45, f"{name} is nearly silent ({rms_db:.1f} dBFS)"
    assert np.abs(x).max() < 0.9, f"{name} peaks at {np.abs(x).max():.2f}"
    sparse = name in {"birds", "chimes", "crickets", "leaves"}  # events, gusts: 12 s is little
    assert abs(integrated(x) - NOMINAL_LUFS[name]) < (8 if sparse else 4)


@pytest.mark.parametrize("name,lo,hi,share", [
    ("surf", 0, 2000, 0.9), ("lake", 100, 3500, 0.6), ("stream", 200, 4000, 0.8),
    ("fountain", 300, 8000, 0.5), ("rain", 1000, 12000, 0.6), ("wind", 0, 1500, 0.95),
    ("leaves", 1500, 12000, 0.8), ("birds", 2000, 8000, 0.8), ("crickets", 3000, 6000, 0.95),
    ("fire", 0, 500, 0.7), ("chimes", 500, 6000, 0.95), ("pad", 0, 1000, 0.98),
])
def test_energy_sits_in_the_expected_band(renders, name, lo, hi, share):
    assert band_share(renders[name], lo, hi) >= share


def test_rain_on_a_window_is_muffled_rain_plus_glassy_ticks(renders):
    x = renders["rain-window"]
    assert band_share(x, 0, 1200) >= 0.4        # the rain outside, through glass
    assert band_share(x, 1800, 6000) >= 0.15    # drops ringing on the pane


def test_surf_swells_every_six_to_sixteen_seconds():
    env = frame_rms(LAYERS["surf"](90, 3), RATE // 10)
    env = env - env.mean()
    ac = np.correlate(env, env, "full")[len(env) - 1:]
    ac /= ac[0]
    lags = np.arange(len(ac)) / 10
    window = (lags >= 4) & (lags <= 20)
    peak = lags[window][np.argmax(ac[window])]
    assert 6 <= peak <= 16 and ac[window].max() > 0.3


def test_fountain_is_brighter_and_denser_than_the_stream(renders):
    f, s = power_spectrum(renders["fountain"])
    g, t = power_spectrum(renders["stream"])
    assert (f * s).sum() / s.sum() > 1.3 * (g * t).sum() / t.sum()


def test_crickets_are_pulsed_trills():
    x = LAYERS["crickets"](SECONDS, 4)
    env = frame_rms(x, 48)  # 1 ms frames
    env -= env.mean()
    spec = np.abs(np.fft.rfft(env)) ** 2
    f = np.fft.rfftfreq(len(env), 48 / RATE)
    assert spec[(f >= 15) & (f < 80)].sum() > 0.4 * spec[f > 0.5].sum()


def test_leaves_rustle_faster_than_wind_and_rain(renders):
    def flutter(name):
        e = frame_rms(renders[name], RATE // 100)
        return e.std() / e.mean()
    assert flutter("leaves") > 0.3 > flutter("rain")
    assert flutter("leaves") > flutter("wind")


def test_fire_crackles_but_never_pops(renders):
    x = renders["fire"]
    from scipy.signal import butter, sosfilt
    high = sosfilt(butter(4, 1000, "highpass", fs=RATE, output="sos"), x.mean(axis=1))
    kurtosis = np.mean(high ** 4) / np.mean(high ** 2) ** 2
    assert kurtosis > 8, "crackle should be impulsive, not a steady hiss"
    overall = np.sqrt(np.mean(x.astype(np.float64) ** 2))
    assert np.abs(x).max() < 10 * overall, "a crackle stands out like a pop"


def spectral_peaks(x: np.ndarray, count: int, lo: float, hi: float, guard: float = 15.0):
    f, s = power_spectrum(x)
    s = s * ((f >= lo) & (f < hi))
    peaks, step = [], f[1]
    for _ in range(count):
        i = int(np.argmax(s))
        peaks.append(float(f[i]))
        g = int(guard / step)
        s[max(i - g, 0): i + g] = 0
    return peaks, f, power_spectrum(x)[1]


def test_chimes_ring_inharmonic_bells_on_a_pentatonic_scale():
    x = LAYERS["chimes"](40, 5)
    peaks, f, s = spectral_peaks(x, 4, 400, 1400)
    semis = 12 * np.log2(np.array(peaks) / 440.0)
    assert np.all(np.abs(semis - np.round(semis)) < 0.15), "tubes tuned to the scale"
    classes = {int(round(v)) % 12 for v in semis}
    assert any(classes <= {(r + k) % 12 for k in (0, 2, 4, 7, 9)} for r in range(12))

    def energy(freq):
        return s[np.abs(f - freq) < freq * 0.004].sum()
    top = peaks[0]
    assert energy(2.756 * top) > 10 * energy(3 * top), "bell partials are not harmonic"


def test_pad_is_a_consonant_chord():
    peaks, _, _ = spectral_peaks(LAYERS["pad"](SECONDS, 6), 4, 60, 500)
    ratios = np.sort(peaks) / min(peaks)
    assert np.allclose(ratios, [1.0, 1.5, 2.0, 2.5], rtol=0.01)


def test_birdsong_has_several_song_types_never_repeating():
    assert len(SONGS) >= 4
    rng = np.random.default_rng(0)
    for song in SONGS:
        a, b = song(rng, 3000.0), song(rng, 3000.0)
        assert a != b


def test_long_layers_do_not_repeat():
    x = LAYERS["stream"](40, 9).mean(axis=1)
    a, b = x[: 10 * RATE], x[20 * RATE: 30 * RATE]
    corr = np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b))
    assert abs(corr) < 0.05


def test_unknown_layer_names_the_allowed_ones():
    with pytest.raises(ValueError, match="surf"):
        render_layer("thunder", 1.0, 0)


def test_breath_locked_surf_rises_and_falls_with_the_breath():
    from engine.audio.noise import ctrl_times
    from engine.audio.synth import breath_surf
    n = 40 * RATE
    breath = 0.5 - 0.5 * np.cos(2 * np.pi * ctrl_times(n) / 8.0)  # 7.5 breaths a minute
    env = frame_rms(breath_surf(40, 2, breath), RATE // 10)
    assert np.corrcoef(env, breath[::100][: len(env)])[0, 1] > 0.9
