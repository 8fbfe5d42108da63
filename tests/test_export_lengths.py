"""Every length works: a place's export, a practice's and render's mix, from
0.1 s up, for every place (and so every sound layer) and any seed.

Examples: HAVEN_FUZZ_EXAMPLES (default 8 here, so the file stays cheap;
make check-all runs 400).
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.audio import RATE
from engine.audio.export import load_place_lenient, place_soundscape, render_mix_wav
from engine.config.catalog import builtin_places

EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "8"))
LENGTHS = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=20), derandomize=EXAMPLES <= 8,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PLACES = builtin_places()
SECONDS = st.one_of(st.sampled_from([0.1, 0.5]), st.floats(0.1, 6.0, allow_nan=False))


def test_the_short_lengths_that_used_to_fail() -> None:
    """`export-audio --place lakeside --seconds 0.5` died in the lake layer (IndexError)."""
    place, path, _ = load_place_lenient("lakeside")
    for seconds in (0.1, 0.5, 0.9):
        audio, _ = place_soundscape(place, path, seconds, seed=0)
        assert audio.shape == (int(round(seconds * RATE)), 2)
        assert np.isfinite(audio).all() and np.abs(audio).max() <= 1.0


@LENGTHS
@given(place=st.sampled_from(PLACES), seconds=SECONDS, seed=st.integers(0, 2**31 - 1))
def test_any_place_any_length_any_seed_exports(place: str, seconds: float, seed: int) -> None:
    loaded, path, _ = load_place_lenient(place)
    audio, warnings = place_soundscape(loaded, path, seconds, seed=seed)
    assert audio.shape == (int(round(seconds * RATE)), 2)
    assert np.isfinite(audio).all() and np.abs(audio).max() <= 1.0
    assert warnings == []


@LENGTHS
@given(place=st.sampled_from(PLACES), seconds=SECONDS, start=st.floats(0.0, 30.0), seed=st.integers(0, 99))
def test_any_render_span_writes_its_mix(tmp_path_factory, place: str, seconds: float, start: float,
                                        seed: int) -> None:
    loaded, path, _ = load_place_lenient(place)
    out = tmp_path_factory.mktemp("mix") / "mix.wav"
    assert render_mix_wav(loaded, path, start, seconds, seed, out) == []
    import wave
    with wave.open(str(out)) as w:
        assert w.getnframes() == max(1, int(round(seconds * RATE)))


def test_a_practice_export_of_a_tenth_of_a_second(tmp_path: Path) -> None:
    """The shortest practice export still writes its file and says its loudness is unmeasurable."""
    from engine.app.cli import main
    out = tmp_path / "p.wav"
    assert main(["export-audio", "--place", "lakeside", "--practice", "soothing-breathing", "--voice", "captions",
                 "--seconds", "0.1", "--out", str(out)]) == 0
    assert out.stat().st_size > 44 + 4 * int(0.09 * RATE)
