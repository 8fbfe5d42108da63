"""The imagery ladder: five looks, reached by slow glides, rendered as described."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.config.settings import Settings
from engine.core.director import Director
from engine.core.events import read_events
from engine.core.ladder import STEPS, TOP, check_step, look
from tests.helpers.process import haven

PRACTICE = Path(__file__).parent / "data" / "ladder_walk.yaml"
FPS = 2
SETTLED = {0: 1.5, 1: 13.5, 2: 25.5, 3: 37.5, 4: 51.5}   # seconds: each step has finished its glide


def test_each_step_is_a_look_and_levels_between_blend() -> None:
    assert [look(i).dark for i in range(5)] == [s.dark for s in STEPS]
    half = look(1.5)
    assert STEPS[1].haze < half.haze < STEPS[2].haze and STEPS[2].fog < half.fog < STEPS[1].fog
    levels = np.linspace(0, TOP, 200)
    for field in ("haze", "dark", "eyes"):
        vals = [getattr(look(x), field) for x in levels]
        assert all(b >= a - 1e-12 for a, b in zip(vals, vals[1:])), field  # only ever further away
    assert look(3.0).eyes == 0 and look(4.0).eyes == 1


@pytest.mark.parametrize("bad", [-1, 5, 1.5, "2", True])
def test_a_bad_step_says_what_is_allowed(bad) -> None:
    with pytest.raises(ValueError, match="allowed: 0 to 4"):
        check_step(bad)


def test_the_director_glides_between_steps_and_logs_them() -> None:
    d = Director(settings=Settings(ladder_step=1))
    assert d.state(0).ladder == 1.0
    d.set_ladder(5.0, 3, source="key")
    values = [d.state(5.0 + k * 0.5).ladder for k in range(25)]
    assert values[0] == 1.0 and values[-1] == 3.0
    assert max(np.diff(values)) < 0.16   # ten seconds for two steps: no cut
    (event,) = [e for e in d.log.events if e["kind"] == "ladder.step"]
    assert (event["t"], event["step"], event["name"], event["source"]) == (5.0, 3, "sound", "key")
    d.set_ladder(20.0, 3)
    assert len([e for e in d.log.events if e["kind"] == "ladder.step"]) == 1  # no change, no event


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ladder")
    r = haven("render", "--silent", "--place", "meadow", "--practice", str(PRACTICE), "--seconds", "52", "--fps", str(FPS),
              "--size", "320x180", "--reduced-motion", "--out", str(out), timeout=600)
    assert r.returncode == 0, r.stderr
    return out


def _frame(out: Path, t: float) -> np.ndarray:
    return np.asarray(Image.open(out / "frames" / f"{int(round(t * FPS)):06d}.png").convert("RGB"), float) / 255


def _saturation(img: np.ndarray) -> float:
    return float((img.max(axis=2) - img.min(axis=2)).mean())


def test_rendered_steps_look_as_described(rendered: Path) -> None:
    f = {k: _frame(rendered, t) for k, t in SETTLED.items()}
    mean = {k: float(v.mean()) for k, v in f.items()}
    sat = {k: _saturation(v) for k, v in f.items()}
    # softened, then silhouettes in mist: colour fades step by step, the view stays light
    assert sat[1] < 0.8 * sat[0] and sat[2] < 0.75 * sat[1]
    assert mean[1] > 0.9 * mean[0] and mean[2] > 0.9 * mean[0]
    # in the mist, what is far away is gone: the upper (far) half has little left of its detail
    far = lambda img: float(img[: img.shape[0] // 2].std())
    assert far(f[2]) < 0.5 * far(f[0])
    # sound only: a dark calm screen, not black; eyes closed: darker still, with its words
    assert mean[3] < 0.18 * mean[0] and mean[3] > 0.01
    assert mean[4] < mean[3]
    words = f[4][60:110, 60:260].max(axis=2)
    assert (words > 0.5).sum() > 100   # the 'eyes closed' words show, light on the dark
    assert (f[3][60:110, 60:260].max(axis=2) > 0.5).sum() == 0


def test_rendered_steps_are_slow_fades_with_events(rendered: Path) -> None:
    frames = sorted((rendered / "frames").glob("*.png"))
    means = np.array([np.asarray(Image.open(p).convert("L"), float).mean() / 255 for p in frames])
    # the steepest moment of a ten-second glide into the dark: under 0.07 of full scale in half a second
    assert np.abs(np.diff(means)).max() < 0.07
    steps = [(e["t"], e["step"]) for e in read_events(rendered / "events.jsonl") if e["kind"] == "ladder.step"]
    assert steps == [(2.0, 1), (14.0, 2), (26.0, 3), (38.0, 4)]
