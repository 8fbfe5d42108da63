"""The WCAG 2.3.1 flash checker (tools/quality/flash.py): synthetic flashing
that must fail, gentle light that must pass, and one real render."""
from __future__ import annotations

import numpy as np
import pytest

from tools.quality.flash import LINEAR, check_frames, frame_signals, tile_means, transitions
from tools.quality.luminance import relative_luminance
from tests.helpers.process import haven

FPS = 30


def square_wave(hz: float, seconds: float = 3.0, fps: float = FPS) -> np.ndarray:
    """True while the light is on: `hz` full on/off cycles a second."""
    t = np.arange(int(round(seconds * fps))) / fps
    return (np.floor(t * hz * 2) % 2) == 0


def flat(on: np.ndarray, bright, dark, size=(90, 160)) -> list[np.ndarray]:
    return [np.full((*size, 3), bright if o else dark, np.uint8) for o in on]


def grey_for(lum: float) -> float:
    """The (fractional) sRGB grey level with this relative luminance."""
    return float(np.interp(lum, LINEAR, np.arange(256)))


def test_the_tables_are_wcag_relative_luminance():
    rgb = np.random.default_rng(1).integers(0, 256, (40, 50, 3), dtype=np.uint8)
    lum, _ = frame_signals(rgb)
    assert np.allclose(lum, relative_luminance(rgb), atol=1e-6)


def test_tile_means_cover_the_frame():
    img = np.arange(100 * 130, dtype=float).reshape(100, 130)
    m = tile_means(img)
    assert m.shape == (12, 12)
    assert m[0, 0] == pytest.approx(img[:8, :11].mean())


def test_a_slow_drift_and_a_wobble_are_one_transition_each_way():
    x = np.array([0.0, 0.05, 0.04, 0.12, 0.0, 0.2, 0.19, 0.3])
    assert transitions(x, 0.1).tolist() == [0, 0, 0, 1, 1, 1, 0, 0]
    bright = np.array([0.85, 0.96, 0.85, 0.96])          # both states above 0.80: no flash
    assert transitions(bright, 0.1, dark=0.8).sum() == 0


@pytest.mark.parametrize("hz", [3.5, 4.0, 5.0, 10.0])
def test_full_frame_black_white_flashing_above_3_hz_fails(hz):
    r = check_frames(flat(square_wave(hz), 255, 0), FPS)
    assert not r.passed
    assert r.worst_second_flashes > 3
    assert r.worst_tile == "frame"
    assert r.failing_frames >= FPS        # every frame once the first second is full
    assert r.max_step == pytest.approx(1.0)


@pytest.mark.parametrize("hz", [1.0, 2.0, 3.0])
def test_full_frame_flashing_at_3_hz_or_less_passes_on_count(hz):
    r = check_frames(flat(square_wave(hz), 255, 0), FPS)
    assert r.passed, r.to_dict()
    assert r.worst_second_flashes == pytest.approx(hz)


def test_flashing_on_a_small_area_passes_and_a_large_one_fails():
    on = square_wave(5.0)
    small, large = [], []
    for o in on:
        frame = np.full((180, 320, 3), 40, np.uint8)
        frame[:15, :26] = 255 if o else 0                  # one tile of the 12 x 12 grid: 1/144 of the frame
        small.append(frame)
        frame = np.full((180, 320, 3), 40, np.uint8)
        frame[60:105, 120:200] = 255 if o else 0           # a quarter by a quarter: 6 % of the frame
        large.append(frame)
    s = check_frames(small, FPS)
    assert s.passed
    assert s.worst_second_flashes == 5 and s.worst_tile == "r0c0"   # counted, but too small to fail
    lg = check_frames(large, FPS)
    assert not lg.passed
    assert lg.worst_tile != "frame"                        # the whole-frame mean alone would not catch it


def test_saturated_red_flashing_fails_the_red_test_and_a_gentle_red_fade_passes():
    red = (170, 0, 0)     # linear R 0.40: luminance 0.085, under the general threshold; (R-G-B) x 320 = 129
    r = check_frames(flat(square_wave(4.0), red, (0, 0, 0)), FPS)
    assert not any(r.general_failing)
    assert all(r.red_failing[FPS:])
    assert not r.passed and r.worst_second_red_flashes == 4

    t = np.arange(6 * FPS) / FPS
    level = 40 + 80 * (1 - np.cos(2 * np.pi * t / 6)) / 2   # dim red to brighter red and back over 6 s
    fade = [np.full((90, 160, 3), (int(v), 0, 0), np.uint8) for v in level]
    f = check_frames(fade, FPS)
    assert f.passed
    assert f.worst_second_red_flashes <= 1


def test_a_slow_breathing_swell_passes_and_reports_its_largest_step():
    seconds, period, amp, mid = 10.0, 10.0, 0.05, 0.30   # 5 % swell (peak to trough) over a 10 s breath
    t = np.arange(int(seconds * FPS)) / FPS
    target = mid + amp / 2 * np.sin(2 * np.pi * t / period)
    dither = np.random.default_rng(2).random((90, 160))  # a fixed dither: the mean follows the swell smoothly
    frames = []
    for lum in target:
        grey = np.clip(np.floor(grey_for(lum) + dither), 0, 255).astype(np.uint8)
        frames.append(np.repeat(grey[..., None], 3, axis=2))
    r = check_frames(frames, FPS)
    assert r.passed and r.worst_second_flashes == 0
    expected = np.pi * amp / (period * FPS)                # the steepest step of the sinusoid
    assert r.max_step == pytest.approx(expected, rel=0.35)
    assert max(r.mean_luminance) - min(r.mean_luminance) == pytest.approx(amp, rel=0.1)


def test_a_real_render_of_the_breathing_light_has_no_failing_frame(tmp_path):
    out = tmp_path / "render"
    p = haven("render", "--silent", "--place", "meadow", "--practice", "soothing-breathing", "--start", "0",
              "--seconds", "6", "--fps", "10", "--size", "320x180", "--out", str(out))
    assert p.returncode == 0, p.stderr
    frames = sorted((out / "frames").glob("*.png"))
    assert len(frames) == 60
    r = check_frames(out / "frames", 10)
    assert r.frames == 60
    assert r.failing_frames == 0, r.to_dict()
    assert max(r.mean_luminance) > 0.05       # a lit meadow, not a black frame
    assert r.max_step < 0.05


def test_the_gate_finds_each_practice_s_light_changing_moments():
    from tools.quality.flashgate import Moment, cue_moments, merge, plan
    moments, length = cue_moments("safe-place-short", "meadow")
    cues = [c for m in moments for c in m.cues]
    assert any(c.startswith("breath.on") for c in cues) and any(c.startswith("ground") for c in cues)
    assert any("colours.lift release" in c for c in cues)          # the lift glides back as its segment ends
    joined = next(m for m in moments if any(c.startswith("presence.welcome") for c in m.cues))
    assert any(c.startswith("presence.approach") for c in joined.cues)   # overlapping windows merged
    assert all(0 <= m.start < m.end <= length for m in moments)
    assert [(m.start, m.end) for m in merge([Moment(5, 9), Moment(-3, 6), Moment(20, 40)], 30)] == [(0, 9), (20, 30)]
    assert ("safe-place-short", "mountain", ("presence.", "light.")) in plan(["safe-place-short"])
