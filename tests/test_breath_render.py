"""The breathing light as rendered: its period is the pacer's, and it never steps.

One real `python main.py render` of the meadow with a steady breathing
practice, 60 s at 6 fps; every frame's mean relative luminance is measured.
(How well a person can follow the place's own light, tile by tile, for every
place: test_breath_light.py.)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.config import load_practice
from engine.core.events import read_events
from tools.quality.luminance import dominant_period, frame_means, largest_step
from tests.helpers.process import haven

PRACTICE = Path(__file__).parent / "data" / "breath_steady.yaml"
FPS = 6
SECONDS = 60


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("breath")
    r = haven("render", "--silent", "--place", "meadow", "--practice", str(PRACTICE), "--seconds", str(SECONDS),
              "--fps", str(FPS), "--size", "320x180", "--reduced-motion", "--out", str(out), timeout=600)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def luminance(rendered) -> np.ndarray:
    return frame_means(rendered / "frames")


def test_the_light_breathes_at_the_pacer_s_period(luminance) -> None:
    period = 60.0 / load_practice(str(PRACTICE)).breath.rate
    assert len(luminance) == SECONDS * FPS
    assert dominant_period(luminance, FPS, period * 0.6, period * 1.5) == pytest.approx(period, rel=0.01)


def test_the_swing_is_gentle_and_no_frame_steps(luminance) -> None:
    from engine.config.settings import Settings
    assert Settings().breath_swing == 0.04        # the default chosen in docs/practice/README.md
    swing = luminance.max() - luminance.min()
    # the place's light and the scene's swell together: clearly there, yet the
    # whole frame moves well under WCAG's 0.1 flash change, in small steps
    assert 0.02 < swing < 0.06
    assert swing / luminance.mean() < 0.16
    assert largest_step(luminance) < 0.006        # at 6 fps; a 30 fps frame's step is a fifth of it


def test_stage_events_match_the_rhythm(rendered) -> None:
    events = [e for e in read_events(rendered / "events.jsonl") if e["kind"] == "breath.stage"]
    inhales = [e["t"] for e in events if e["stage"] == "inhale"]
    assert len(inhales) == SECONDS // 10 and inhales[0] == 0.0 and np.allclose(np.diff(inhales), 10.0, atol=1e-3)
    assert all(0 <= e["frame"] - e["t"] < 1 / FPS + 1e-6 for e in events)
    assert [e["stage"] for e in events][:4] == ["inhale", "hold", "exhale", "inhale"]


def test_brightest_frames_fall_in_the_hold(rendered, luminance) -> None:
    """Peaks of the luminance sit in the hold after each in-breath (4-5 s into
    each 10 s breath), troughs at the start of the in-breath."""
    t = np.arange(len(luminance)) / FPS
    phase = t % 10.0
    peaks = phase[np.argsort(luminance)[-2 * SECONDS // 10:]]
    troughs = phase[np.argsort(luminance)[:2 * SECONDS // 10]]
    assert np.all((peaks > 3.0) & (peaks < 6.5))
    assert np.all((troughs < 1.5) | (troughs > 9.0))
