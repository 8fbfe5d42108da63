"""Synthesis speed, measured not asserted: ``pytest tests/test_audio_bench.py
-p no:cacheprovider --benchmark-only`` (skipped in the normal run by addopts;
``--benchmark-enable`` does not undo that).

Each built-in place's 600 s soundscape, synthesised and mixed (before
mastering; synth layers are ``stream.LongLayer``s the mixer reads in blocks);
``extra_info['x_real_time']`` is 600 s over the median time. Figures per
place: docs/audio/README.md.
The non-benchmark tests here always run: the tiled 10-minute layers have no
identical repeat between cycles and no click at any seam.
"""
from __future__ import annotations

import numpy as np
import pytest

from engine.audio import RATE
from engine.audio.soundscape import render_soundscape
from engine.audio.stream import TILE_XFADE, _loop, render_long, tile_plan
from engine.audio.synth import LAYERS
from engine.config.catalog import builtin_places

PLACES = builtin_places()   # from the catalogue: a new place is tested too
SECONDS = 600.0


@pytest.mark.parametrize("name", PLACES)
def test_place_soundscape_speed(benchmark, name):
    from engine.config.loader import load_place
    place = load_place(name)
    benchmark.pedantic(render_soundscape, args=(place.sounds, SECONDS, place.seed),
                       kwargs={"mastered": False, "edge_fades": None}, rounds=3, iterations=1,
                       warmup_rounds=1)
    benchmark.extra_info["audio_seconds"] = SECONDS
    benchmark.extra_info["x_real_time"] = round(SECONDS / benchmark.stats.stats.median, 1)


def test_tiled_layers_have_no_identical_cycle_and_no_seam_click():
    base, x = 12 * RATE, int(TILE_XFADE * RATE)
    seconds = 120.0
    out = render_long(LAYERS["rain"], seconds, 4, base=12.0)
    assert np.array_equal(out, render_long(LAYERS["rain"], seconds, 4, base=12.0))
    assert out.shape == (int(seconds * RATE), 2) and out.dtype == np.float32
    plan = tile_plan(len(out), base, x, 4)
    assert len(plan) > 8
    mono = out.mean(axis=1)
    for (p0, l0, *_), (p1, l1, *_) in zip(plan, plan[1:-1]):
        m = min(l0, l1) - x
        a, b = mono[p0 + x:p0 + x + m], mono[p1 + x:p1 + x + m]
        assert abs(np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b))) < 0.3
    jumps = np.abs(np.diff(out, axis=0)).max(axis=1)
    seams = np.zeros(len(jumps), bool)
    for p, *_ in plan[1:]:
        seams[max(p - 10, 0):p + x + 10] = True
    assert jumps[seams].max() <= 1.5 * jumps[~seams].max()
    # equal power: no dip or bump in level across the crossfades
    frames = np.square(out[: len(out) // RATE * RATE].reshape(-1, RATE, 2), dtype=np.float64)
    level = 10 * np.log10(frames.mean(axis=(1, 2)))
    assert level.max() - level.min() < 4.0


def test_a_loop_is_seamless_where_it_wraps():
    loop = _loop(LAYERS["wind"], 5 * RATE, RATE, 2)
    jumps = np.abs(np.diff(loop, axis=0)).max(axis=1)
    wrap = 5 * RATE - 1
    assert jumps[wrap] <= 1.5 * np.delete(jumps, wrap).max()
